package io.medstream.operators.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ReportFinding;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.StudyReport;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Maps a {@link StudyReport} (a machine-drafted, never final report for one series) to a FHIR R4
 * {@link DiagnosticReport}, and encodes it as compact JSON.
 *
 * <p>The mapping is a pure function of the record: ids are derived from the series UID, times are
 * rendered in UTC, and nothing reads the clock, so a replayed record yields byte-identical JSON.
 * The only patient data is the pseudonymised {@code patientKey}. The full mapping table is in
 * {@code docs/FHIR.md}.
 */
public final class DiagnosticReports {
    private DiagnosticReports() {}

    /**
     * Title of the attached text: the report must not be mistaken for a signed one when shown on
     * its own.
     */
    static final String PRESENTED_FORM_TITLE =
            "Preliminary machine-drafted report (not reviewed by a radiologist)";

    // Initialization-on-demand holder: the context is built on first use (it scans the R4 model,
    // which takes
    // about a second), exactly once, and thread-safely by the JVM's class-initialization lock.
    // Static, so that
    // Flink functions and serializers never hold (or serialize) it.
    private static final class Holder {
        static final FhirContext R4 = FhirContext.forR4();
    }

    /**
     * The shared, thread-safe R4 context. Parsers made from it are cheap but not thread-safe: make
     * one per use.
     */
    public static FhirContext fhirContext() {
        return Holder.R4;
    }

    /**
     * The resource id of the report of a series: a name-based UUID of the series UID, so that every
     * draft of one series updates the same resource (a FHIR server can take it as an idempotent
     * PUT).
     */
    public static String reportId(String seriesInstanceUid) {
        return UUID.nameUUIDFromBytes(
                        ("medstream:DiagnosticReport:" + seriesInstanceUid)
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Maps the record; see the class comment and {@code docs/FHIR.md}. */
    public static DiagnosticReport fromStudyReport(StudyReport r) {
        DiagnosticReport d = new DiagnosticReport();
        d.setId(reportId(r.getSeriesInstanceUid()));
        // Always preliminary, whatever the record says: these are machine drafts until a
        // radiologist signs.
        d.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        d.addIdentifier(FhirValues.dicomUid(r.getSeriesInstanceUid()));
        d.addCategory(
                new CodeableConcept()
                        .addCoding(new Coding(MedstreamFhir.V2_0074, "RAD", "Radiology")));
        d.setCode(
                new CodeableConcept()
                        .addCoding(
                                new Coding(
                                        MedstreamFhir.LOINC,
                                        "18748-4",
                                        "Diagnostic imaging study")));
        d.setSubject(FhirValues.patient(r.getPatientKey()));
        d.setEffective(FhirValues.dateTime(r.getCreatedTimeMillis()));
        d.setIssuedElement(FhirValues.instant(r.getCreatedTimeMillis()));
        // Logical reference: the ImagingStudy belongs to the hospital's PACS/FHIR server, not to
        // medstream.
        d.addImagingStudy(
                FhirValues.logical("ImagingStudy", FhirValues.dicomUid(r.getStudyInstanceUid())));

        List<ReportFinding> findings = r.getFindings();
        for (int i = 0; i < findings.size(); i++) {
            Observation o = FindingObservations.fromFinding(r, findings.get(i), i);
            d.addContained(o);
            d.addResult(new Reference("#" + o.getIdElement().getIdPart()));
        }

        if (FhirValues.hasText(r.getText())) {
            d.setConclusion(r.getText());
            d.addPresentedForm(presentedForm(r));
        }
        addModel(d, MedstreamFhir.ROLE_DRAFTER, r.getDrafterModel());
        addModel(d, MedstreamFhir.ROLE_SCORER, r.getScorerModel());
        addModel(d, MedstreamFhir.ROLE_SEGMENTATION, r.getSegmentationModel());
        return d;
    }

    /** {@link #fromStudyReport} encoded as compact (not pretty-printed) FHIR JSON. */
    public static String toJson(StudyReport r) {
        return fhirContext()
                .newJsonParser()
                .setPrettyPrint(false)
                .encodeResourceToString(fromStudyReport(r));
    }

    /**
     * The report text as UTF-8 (HAPI base64-encodes it), carrying one sentence-confidence extension
     * per sentence. The confidences sit here, on the attachment, because they annotate exactly this
     * text, sentence by sentence.
     */
    private static Attachment presentedForm(StudyReport r) {
        Attachment a =
                new Attachment()
                        .setContentType("text/plain; charset=UTF-8")
                        .setData(r.getText().getBytes(StandardCharsets.UTF_8))
                        .setTitle(PRESENTED_FORM_TITLE)
                        .setCreationElement(FhirValues.dateTime(r.getCreatedTimeMillis()));
        List<ReportSentence> sentences = r.getSentences();
        for (int i = 0; i < sentences.size(); i++) {
            ReportSentence s = sentences.get(i);
            Extension e = new Extension(MedstreamFhir.SENTENCE_CONFIDENCE_EXTENSION);
            e.addExtension("index", new IntegerType(i));
            if (FhirValues.hasText(s.getText())) {
                e.addExtension("text", new StringType(s.getText()));
            }
            DecimalType confidence = FhirValues.decimal(s.getConfidence());
            if (confidence != null) {
                e.addExtension("confidence", confidence);
            }
            a.addExtension(e);
        }
        return a;
    }

    /**
     * Model provenance as a complex extension rather than a contained Device: it is read by the
     * same consumer that reads the report, needs no reference plumbing, and keeps the draft a
     * single self-describing resource.
     */
    private static void addModel(DiagnosticReport d, String role, ModelRef m) {
        if (m == null) {
            return;
        }
        Extension e = new Extension(MedstreamFhir.modelExtension(role));
        e.addExtension("name", new StringType(m.getName()));
        e.addExtension("version", new StringType(m.getVersion()));
        e.addExtension("sha256", new StringType(m.getSha256()));
        d.addExtension(e);
    }
}
