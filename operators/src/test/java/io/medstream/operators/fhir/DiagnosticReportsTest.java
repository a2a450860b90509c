package io.medstream.operators.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.StudyReport;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import static io.medstream.operators.fhir.StudyReportFixtures.CREATED;
import static io.medstream.operators.fhir.StudyReportFixtures.PATIENT_KEY;
import static io.medstream.operators.fhir.StudyReportFixtures.SENTENCE_1;
import static io.medstream.operators.fhir.StudyReportFixtures.SENTENCE_2;
import static io.medstream.operators.fhir.StudyReportFixtures.SERIES_UID;
import static io.medstream.operators.fhir.StudyReportFixtures.SOP_UID;
import static io.medstream.operators.fhir.StudyReportFixtures.STUDY_UID;
import static io.medstream.operators.fhir.StudyReportFixtures.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapped field, checked on the JSON parsed back with HAPI (what a consumer sees), not on the
 * model.
 */
class DiagnosticReportsTest {

    private static DiagnosticReport parse(String json) {
        return DiagnosticReports.fhirContext()
                .newJsonParser()
                .parseResource(DiagnosticReport.class, json);
    }

    private static String ext(Extension parent, String url) {
        return parent.getExtensionByUrl(url).getValue().primitiveValue();
    }

    private static void assertIdentifier(Identifier id, String system, String value) {
        assertThat(id.getSystem()).isEqualTo(system);
        assertThat(id.getValue()).isEqualTo(value);
    }

    private static void assertPatient(Reference subject) {
        assertThat(subject.getType()).isEqualTo("Patient");
        assertIdentifier(subject.getIdentifier(), MedstreamFhir.PATIENT_KEY_SYSTEM, PATIENT_KEY);
        assertThat(subject.hasReference()).isFalse();
        assertThat(subject.hasDisplay()).isFalse();
    }

    private static void assertModel(DiagnosticReport d, String role, ModelRef m) {
        Extension e = d.getExtensionByUrl(MedstreamFhir.modelExtension(role));
        assertThat(e).as(role).isNotNull();
        assertThat(ext(e, "name")).isEqualTo(m.getName());
        assertThat(ext(e, "version")).isEqualTo(m.getVersion());
        assertThat(ext(e, "sha256")).isEqualTo(m.getSha256());
    }

    @Test
    void mapsFullyPopulatedReport() {
        String json = DiagnosticReports.toJson(StudyReportFixtures.full());
        DiagnosticReport d = parse(json);

        assertThat(d.getIdElement().getIdPart())
                .isEqualTo(DiagnosticReports.reportId(SERIES_UID))
                .hasSize(36);
        assertThat(d.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(d.getIdentifier())
                .singleElement()
                .satisfies(id -> assertIdentifier(id, "urn:dicom:uid", "urn:oid:" + SERIES_UID));
        Coding category = d.getCategoryFirstRep().getCodingFirstRep();
        assertThat(category.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0074");
        assertThat(category.getCode()).isEqualTo("RAD");
        Coding code = d.getCode().getCodingFirstRep();
        assertThat(code.getSystem()).isEqualTo("http://loinc.org");
        assertThat(code.getCode()).isEqualTo("18748-4");
        assertThat(code.getDisplay()).isEqualTo("Diagnostic imaging study");
        assertPatient(d.getSubject());
        assertThat(d.getImagingStudy())
                .singleElement()
                .satisfies(
                        ref -> {
                            assertThat(ref.getType()).isEqualTo("ImagingStudy");
                            assertIdentifier(
                                    ref.getIdentifier(), "urn:dicom:uid", "urn:oid:" + STUDY_UID);
                        });
        // UTC with milliseconds, whatever the JVM's zone: part of determinism.
        assertThat(json)
                .contains("\"effectiveDateTime\":\"2026-11-28T02:59:58.123Z\"")
                .contains("\"issued\":\"2026-11-28T02:59:58.123Z\"");
        assertThat(d.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(CREATED);
        assertThat(d.getIssued().toInstant()).isEqualTo(CREATED);
        assertThat(d.getConclusion()).isEqualTo(TEXT);

        Attachment form = d.getPresentedFormFirstRep();
        assertThat(d.getPresentedForm()).hasSize(1);
        assertThat(form.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(new String(form.getData(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        assertThat(json)
                .contains(
                        "\"data\":\""
                                + Base64.getEncoder()
                                        .encodeToString(TEXT.getBytes(StandardCharsets.UTF_8))
                                + "\"");
        assertThat(form.getTitle()).isEqualTo(DiagnosticReports.PRESENTED_FORM_TITLE);
        List<Extension> sentences =
                form.getExtensionsByUrl(MedstreamFhir.SENTENCE_CONFIDENCE_EXTENSION);
        assertThat(sentences).hasSize(2);
        assertThat(
                        ((IntegerType) sentences.get(0).getExtensionByUrl("index").getValue())
                                .getValue())
                .isZero();
        assertThat(ext(sentences.get(0), "text")).isEqualTo(SENTENCE_1);
        assertThat(ext(sentences.get(0), "confidence")).isEqualTo("0.87");
        assertThat(
                        ((IntegerType) sentences.get(1).getExtensionByUrl("index").getValue())
                                .getValue())
                .isEqualTo(1);
        assertThat(ext(sentences.get(1), "text")).isEqualTo(SENTENCE_2);
        assertThat(ext(sentences.get(1), "confidence")).isEqualTo("0.62");

        assertModel(d, MedstreamFhir.ROLE_DRAFTER, StudyReportFixtures.DRAFTER);
        assertModel(d, MedstreamFhir.ROLE_SCORER, StudyReportFixtures.SCORER);
        assertModel(d, MedstreamFhir.ROLE_SEGMENTATION, StudyReportFixtures.SEGMENTER);

        assertThat(d.getResult())
                .extracting(Reference::getReference)
                .containsExactly("#finding-0", "#finding-1");
        assertThat(d.getContained())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r).isInstanceOf(Observation.class));
        Observation liver = (Observation) d.getResult().get(0).getResource();
        assertThat(liver.getIdElement().getIdPart()).isEqualTo("finding-0");
        assertThat(liver.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(liver.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("imaging");
        assertThat(liver.getCode().getText()).isEqualTo("liver, right");
        assertPatient(liver.getSubject());
        assertThat(liver.getIssued().toInstant()).isEqualTo(CREATED);
        Quantity size = liver.getValueQuantity();
        assertThat(size.getValue()).isEqualByComparingTo("14.5");
        assertThat(size.getUnit()).isEqualTo("mm");
        assertThat(size.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(size.getCode()).isEqualTo("mm");
        assertThat(liver.getComponentFirstRep().getCode().getText()).isEqualTo("characteristic");
        assertThat(liver.getComponentFirstRep().getValueStringType().getValue())
                .isEqualTo("hypodense");
        assertThat(
                        ((DecimalType)
                                        liver.getExtensionByUrl(MedstreamFhir.CONFIDENCE_EXTENSION)
                                                .getValue())
                                .getValue())
                .isEqualByComparingTo("0.91");
        assertThat(liver.getDerivedFrom())
                .singleElement()
                .satisfies(
                        ref -> {
                            assertThat(ref.getType()).isEqualTo("ImagingStudy");
                            assertIdentifier(
                                    ref.getIdentifier(), "urn:dicom:uid", "urn:oid:" + STUDY_UID);
                        });
        assertThat(liver.getFocus())
                .singleElement()
                .satisfies(
                        ref ->
                                assertIdentifier(
                                        ref.getIdentifier(),
                                        "urn:dicom:uid",
                                        "urn:oid:" + SOP_UID));

        Observation spleen = (Observation) d.getResult().get(1).getResource();
        assertThat(spleen.getCode().getText()).isEqualTo("spleen");
        assertThat(spleen.hasValue()).isFalse();
        assertThat(spleen.hasComponent()).isFalse();
        assertThat(spleen.hasFocus()).isFalse();
        assertThat(
                        spleen.getExtensionByUrl(MedstreamFhir.CONFIDENCE_EXTENSION)
                                .getValue()
                                .primitiveValue())
                .isEqualTo("0.35");
    }

    @Test
    void mapsMinimalReport() {
        String json = DiagnosticReports.toJson(StudyReportFixtures.minimal());
        DiagnosticReport d = parse(json);

        assertThat(d.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertIdentifier(d.getIdentifierFirstRep(), "urn:dicom:uid", "urn:oid:2.25.1.2");
        assertIdentifier(d.getSubject().getIdentifier(), MedstreamFhir.PATIENT_KEY_SYSTEM, "k1");
        assertIdentifier(
                d.getImagingStudyFirstRep().getIdentifier(), "urn:dicom:uid", "urn:oid:2.25.1");
        assertThat(json).contains("\"issued\":\"1970-01-01T00:00:00.000Z\"");
        // Blank text is not a FHIR string: no conclusion and no attachment rather than an invalid
        // empty one.
        assertThat(d.hasConclusion()).isFalse();
        assertThat(d.hasPresentedForm()).isFalse();
        assertThat(d.hasResult()).isFalse();
        assertThat(d.hasContained()).isFalse();
        assertModel(d, MedstreamFhir.ROLE_DRAFTER, StudyReportFixtures.DRAFTER);
        assertModel(d, MedstreamFhir.ROLE_SCORER, StudyReportFixtures.SCORER);
        assertThat(
                        d.getExtensionByUrl(
                                MedstreamFhir.modelExtension(MedstreamFhir.ROLE_SEGMENTATION)))
                .isNull();
    }

    @Test
    void isAlwaysPreliminary() {
        // ReportStatus has a single symbol today; the mapping must not start copying it if FINAL
        // ever appears.
        assertThat(DiagnosticReports.fromStudyReport(StudyReportFixtures.full()).getStatus())
                .isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(DiagnosticReports.toJson(StudyReportFixtures.minimal()))
                .contains("\"status\":\"preliminary\"")
                .doesNotContain("\"final\"");
        assertThat(parse(DiagnosticReports.toJson(StudyReportFixtures.full())).getContained())
                .allSatisfy(
                        r ->
                                assertThat(((Observation) r).getStatus())
                                        .isEqualTo(Observation.ObservationStatus.PRELIMINARY));
    }

    @Test
    void carriesNoPatientDataButThePseudonym() throws Exception {
        StudyReport r = StudyReportFixtures.full();
        String json = DiagnosticReports.toJson(r);
        JsonNode tree = new ObjectMapper().readTree(json);

        List<String> identifierValues = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        walk(tree, identifierValues, keys, null);
        assertThat(identifierValues)
                .isNotEmpty()
                .allSatisfy(
                        v ->
                                assertThat(v)
                                        .isIn(
                                                Set.of(
                                                        "urn:oid:" + SERIES_UID,
                                                        "urn:oid:" + STUDY_UID,
                                                        "urn:oid:" + SOP_UID,
                                                        PATIENT_KEY)));
        // No Patient resource and no demographic elements anywhere, the patient is only a logical
        // reference.
        assertThat(keys).doesNotContain("name", "birthDate", "gender", "address", "telecom");
        assertThat(json).doesNotContain("\"resourceType\":\"Patient\"");
        // Internal bookkeeping of the Avro record stays out of the clinical document.
        assertThat(json)
                .doesNotContain(r.getReportId())
                .doesNotContain("trace-1")
                .doesNotContain("trace-2");
    }

    /**
     * Collects every object key, and the value of every identifier (one or an array) in the tree.
     */
    private static void walk(
            JsonNode n, List<String> identifierValues, List<String> keys, String field) {
        if (n.isObject()) {
            if ("identifier".equals(field) && n.has("value")) {
                identifierValues.add(n.get("value").asText());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                keys.add(e.getKey());
                walk(e.getValue(), identifierValues, keys, e.getKey());
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                walk(c, identifierValues, keys, field);
            }
        }
    }

    @Test
    void isDeterministic() {
        StudyReport r = StudyReportFixtures.full();
        String first = DiagnosticReports.toJson(r);
        assertThat(DiagnosticReports.toJson(StudyReportFixtures.full())).isEqualTo(first);
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(
                    TimeZone.getTimeZone("Pacific/Chatham")); // +13:45: any zone leak would show
            assertThat(DiagnosticReports.toJson(r)).isEqualTo(first);
        } finally {
            TimeZone.setDefault(zone);
        }
        // One resource per series: a re-draft with other models updates the same id.
        StudyReport redraft = StudyReportFixtures.full();
        redraft.setDrafterModel(StudyReportFixtures.model("csr-drafter", "0.4.0", "d".repeat(64)));
        assertThat(parse(DiagnosticReports.toJson(redraft)).getIdElement().getIdPart())
                .isEqualTo(parse(first).getIdElement().getIdPart());
        assertThat(DiagnosticReports.reportId("2.25.9"))
                .isNotEqualTo(DiagnosticReports.reportId(SERIES_UID));
    }

    @Test
    void unicodeTextSurvives() {
        String json = DiagnosticReports.toJson(StudyReportFixtures.full());
        DiagnosticReport d =
                parse(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(d.getConclusion()).isEqualTo(TEXT).contains("🩻", "肝", "µ≈β", "ä");
        assertThat(new String(d.getPresentedFormFirstRep().getData(), StandardCharsets.UTF_8))
                .isEqualTo(TEXT);
        assertThat(
                        ext(
                                d.getPresentedFormFirstRep()
                                        .getExtensionsByUrl(
                                                MedstreamFhir.SENTENCE_CONFIDENCE_EXTENSION)
                                        .get(0),
                                "text"))
                .isEqualTo(SENTENCE_1);
    }

    @Test
    void nonFiniteNumbersAreLeftOutNotFatal() {
        StudyReport r = StudyReportFixtures.full();
        r.getFindings().get(0).setSizeMm(Double.NaN);
        r.getFindings().get(0).setConfidence(Double.POSITIVE_INFINITY);
        r.getSentences().get(0).setConfidence(Double.NaN);
        DiagnosticReport d = parse(DiagnosticReports.toJson(r));
        Observation liver = (Observation) d.getContained().get(0);
        assertThat(liver.hasValue()).isFalse();
        assertThat(liver.getExtensionByUrl(MedstreamFhir.CONFIDENCE_EXTENSION)).isNull();
        Extension s0 =
                d.getPresentedFormFirstRep()
                        .getExtensionsByUrl(MedstreamFhir.SENTENCE_CONFIDENCE_EXTENSION)
                        .get(0);
        assertThat(s0.getExtensionByUrl("confidence")).isNull();
        assertThat(ext(s0, "text")).isEqualTo(SENTENCE_1);
    }

    @Test
    void modelIsEquivalentToParsedJson() {
        // The in-memory mapping and the wire form agree: re-encoding the parsed resource gives the
        // same JSON.
        String json = DiagnosticReports.toJson(StudyReportFixtures.full());
        Resource parsed = parse(json);
        assertThat(DiagnosticReports.fhirContext().newJsonParser().encodeResourceToString(parsed))
                .isEqualTo(json);
    }
}
