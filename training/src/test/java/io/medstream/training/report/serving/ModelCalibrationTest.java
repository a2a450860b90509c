package io.medstream.training.report.serving;

import io.medstream.models.common.ShippedResources;
import io.medstream.models.report.calibration.ModelCalibration;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.serving.ReportModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * calibration.json: round trip, binding to the weights' sha256, and the bundle's refusal of a wrong
 * one.
 */
class ModelCalibrationTest {

    private static final String D = "d".repeat(64);
    private static final String S = "5".repeat(64);

    @BeforeAll
    static void oneThread() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static Path shipped(String name) throws Exception {
        // The shipped models sit in the models jar; the loaders read files, so unpack them once
        // under target/.
        return ShippedResources.directory("/report", Path.of("target", "shipped-models"))
                .resolve(name);
    }

    static ModelCalibration entry(String mode, double w0) {
        return new ModelCalibration(mode, w0, 14.5, 0.75, 100, 2002L, 346, 0.03, D, S);
    }

    @Test
    void saveAndLoadRoundTripKeepingTheOtherMode(@TempDir Path dir) throws Exception {
        ModelCalibration csr = entry("csr", -7.25);
        ModelCalibration greedy = entry("greedy", -9.5);
        csr.save(dir);
        greedy.save(dir);
        assertThat(ModelCalibration.read(dir, "csr")).contains(csr);
        assertThat(ModelCalibration.read(dir, "greedy")).contains(greedy);
        ModelCalibration refit = entry("csr", -6.0);
        refit.save(dir);
        assertThat(ModelCalibration.readAll(dir))
                .containsOnlyKeys("csr", "greedy")
                .containsEntry("csr", refit)
                .containsEntry("greedy", greedy);
        assertThat(ModelCalibration.require(dir, "csr", D, S).calibrator().weights())
                .containsExactly(-6.0, 14.5, 0.75);
        assertThat(refit.calibrator().confidence(20, -0.1))
                .isCloseTo(1 / (1 + Math.exp(-(-6.0 + 14.5 * 0.2 + 0.75 * -0.1))), within(1e-12));
    }

    @Test
    void wrongShaOrMissingEntryIsAClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModelCalibration.require(dir, "csr", D, S))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing")
                .hasMessageContaining(ModelCalibration.FILE);
        entry("csr", -7).save(dir);
        assertThatThrownBy(() -> ModelCalibration.require(dir, "greedy", D, S))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no 'greedy' entry");
        assertThatThrownBy(() -> ModelCalibration.require(dir, "csr", "e".repeat(64), S))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fitted for drafter weights")
                .hasMessageContaining(D)
                .hasMessageContaining("e".repeat(64));
        assertThatThrownBy(() -> ModelCalibration.require(dir, "csr", D, "f".repeat(64)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scorer weights");
    }

    @Test
    void shippedCalibrationIsBoundToTheShippedWeights() throws Exception {
        String drafterSha = ModelCard.read(shipped("base")).weightsSha256();
        String scorerSha = Checkpoints.sha256(shipped("scorer").resolve(Checkpoints.WEIGHTS));
        for (String mode : new String[] {"csr", "greedy"}) {
            ModelCalibration c =
                    ModelCalibration.require(shipped("base"), mode, drafterSha, scorerSha);
            assertThat(c.fittedOn()).isEqualTo(100);
            assertThat(c.seed()).isEqualTo(2002L);
            assertThat(c.ece()).isBetween(0.0, 0.05);
            assertThat(c.sentences()).isPositive();
        }
    }

    @Test
    void bundleRefusesAMissingOrForeignCalibration(@TempDir Path tmp) throws Exception {
        Path base = tmp.resolve("base");
        Files.createDirectories(base);
        try (Stream<Path> files = Files.list(shipped("base"))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(ModelCalibration.FILE)) {
                    Files.copy(f, base.resolve(f.getFileName()));
                }
            }
        }
        assertThatThrownBy(() -> ReportModelBundle.load(base, shipped("scorer")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing");
        String scorerSha = Checkpoints.sha256(shipped("scorer").resolve(Checkpoints.WEIGHTS));
        new ModelCalibration("csr", -7, 14, 0.7, 100, 2002L, 300, 0.03, "0".repeat(64), scorerSha)
                .save(base);
        assertThatThrownBy(() -> ReportModelBundle.load(base, shipped("scorer")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fitted for drafter weights");

        try (ReportModelBundle b = ReportModelBundle.shipped()) {
            assertThat(b.drafterRef().getVersion()).isEqualTo("base");
            assertThat(b.drafterRef().getSha256())
                    .isEqualTo(ModelCard.read(shipped("base")).weightsSha256());
            assertThat(b.scorerRef().getSha256()).isEqualTo(scorerSha);
            assertThat(b.calibrator().weights())
                    .containsExactly(
                            ModelCalibration.read(shipped("base"), "csr")
                                    .orElseThrow()
                                    .calibrator()
                                    .weights());
            assertThat(b.calibrator(false)).isPresent();
            // the bundle's own check: a greedy entry cannot stand in for the CSR one
            assertThatThrownBy(
                            () ->
                                    new ReportModelBundle(
                                            b.drafter(), b.scorer(), b.calibration(false), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expected a 'csr'");
        }
    }
}
