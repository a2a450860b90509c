package io.medstream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.medstream.jobs.pipeline.MedstreamJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The module graph of README.md ("Modules"), checked on the compiled main classes of every module.
 * Each module has one root package, so a rule on packages is a rule on modules.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.medstream");
    }

    @Test
    void modulesDependOnEachOtherOneWayOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("schemas")
                .definedBy("io.medstream.schemas..")
                .layer("dicom")
                .definedBy("io.medstream.dicom..")
                .layer("models")
                .definedBy("io.medstream.models..")
                .layer("phantoms")
                .definedBy("io.medstream.phantom..")
                .layer("training")
                .definedBy("io.medstream.training..")
                .layer("operators")
                .definedBy("io.medstream.operators..")
                .layer("jobs")
                .definedBy("io.medstream.jobs..")
                .layer("embedded")
                .definedBy("io.medstream.embedded..")
                .layer("cli")
                .definedBy("io.medstream.cli..")
                .layer("test-support")
                .definedBy("io.medstream.testing..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("test-support")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("embedded")
                .mayOnlyBeAccessedByLayers("cli", "test-support")
                .whereLayer("training")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("phantoms")
                .mayOnlyBeAccessedByLayers("training", "embedded", "cli", "test-support")
                .whereLayer("jobs")
                .mayOnlyBeAccessedByLayers("embedded", "cli", "test-support")
                .whereLayer("operators")
                .mayOnlyBeAccessedByLayers("jobs", "embedded", "cli", "test-support")
                .whereLayer("models")
                .mayOnlyBeAccessedByLayers(
                        "phantoms",
                        "training",
                        "operators",
                        "jobs",
                        "embedded",
                        "cli",
                        "test-support")
                .whereLayer("dicom")
                .mayOnlyBeAccessedByLayers(
                        "models",
                        "phantoms",
                        "training",
                        "operators",
                        "jobs",
                        "embedded",
                        "cli",
                        "test-support")
                .check(classes);
    }

    @Test
    void codecModelsPhantomsAndTrainingImportNoFlink() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.medstream.schemas..",
                        "io.medstream.dicom..",
                        "io.medstream.models..",
                        "io.medstream.phantom..",
                        "io.medstream.training..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(classes);
    }

    @Test
    void theCodecAndTheSchemasImportNoDjl() {
        noClasses()
                .that()
                .resideInAnyPackage("io.medstream.schemas..", "io.medstream.dicom..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl..")
                .check(classes);
    }

    @Test
    void servingCodeHoldsNoTrainingEvaluationOrBenchmarkCode() {
        // The layers above keep training and phantoms out of models, operators and jobs; this keeps
        // the models module itself free of training, evaluation and benchmark packages.
        classes()
                .that()
                .resideInAPackage("io.medstream.models..")
                .should()
                .resideOutsideOfPackages("..train..", "..eval..", "..bench..", "..dpo..")
                .check(classes);
    }

    @Test
    void operatorsAndJobsDoNoTensorMath() {
        noClasses()
                .that()
                .resideInAnyPackage("io.medstream.operators..", "io.medstream.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl.ndarray..", "ai.djl.nn..", "ai.djl.training..")
                .check(classes);
    }

    @Test
    void onlyTheCliAndTheClusterEntryPointHaveMainMethods() {
        methods()
                .that()
                .haveName("main")
                .and()
                .areStatic()
                .and()
                .haveRawParameterTypes(String[].class)
                .should()
                .beDeclaredInClassesThat(
                        resideInAPackage("io.medstream.cli..").or(type(MedstreamJob.class)))
                .check(classes);
    }

    @Test
    void mainCodeHoldsNoTestsOrFakes() {
        // Test-only helpers never ship: nothing in main code is named like a test or a fake.
        classes()
                .that(not(resideInAPackage("io.medstream.testing..")))
                .should()
                .haveSimpleNameNotEndingWith("Test")
                .andShould()
                .haveSimpleNameNotStartingWith("Fake")
                .check(classes);
    }
}
