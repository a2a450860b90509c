package io.medstream.operators.fhir;

import io.medstream.schemas.ReportFinding;
import io.medstream.schemas.StudyReport;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.math.BigDecimal;

/**
 * Maps one {@link ReportFinding} to an Observation that is contained in the DiagnosticReport.
 *
 * <p>Contained, not standalone: a finding of a machine draft has no identity of its own outside the
 * report, and contained resources travel (and are replaced) together with it.
 */
final class FindingObservations {
    private FindingObservations() {}

    /**
     * Local id of the i-th finding inside its report; stable across replays because findings keep
     * their order.
     */
    static String containedId(int index) {
        return "finding-" + index;
    }

    /** Organ, then side when known, e.g. {@code "kidney, left"}. */
    static String label(ReportFinding f) {
        return FhirValues.hasText(f.getSide()) ? f.getOrgan() + ", " + f.getSide() : f.getOrgan();
    }

    static Observation fromFinding(StudyReport report, ReportFinding f, int index) {
        Observation o = new Observation();
        o.setId(containedId(index));
        o.setStatus(Observation.ObservationStatus.PRELIMINARY);
        o.addCategory(
                new CodeableConcept()
                        .addCoding(
                                new Coding(
                                        MedstreamFhir.OBSERVATION_CATEGORY, "imaging", "Imaging")));
        o.setCode(new CodeableConcept().setText(label(f)));
        o.setSubject(FhirValues.patient(report.getPatientKey()));
        o.setEffective(FhirValues.dateTime(report.getCreatedTimeMillis()));
        o.setIssuedElement(FhirValues.instant(report.getCreatedTimeMillis()));
        Double size = f.getSizeMm();
        if (size != null && Double.isFinite(size)) {
            o.setValue(
                    new Quantity()
                            .setValue(BigDecimal.valueOf(size))
                            .setUnit("mm")
                            .setSystem(MedstreamFhir.UCUM)
                            .setCode("mm"));
        }
        if (FhirValues.hasText(f.getCharacteristic())) {
            // Free text (e.g. "hypodense"): a component rather than the value, which is reserved
            // for the size.
            o.addComponent(
                    new Observation.ObservationComponentComponent(
                                    new CodeableConcept().setText("characteristic"))
                            .setValue(new StringType(f.getCharacteristic())));
        }
        DecimalType confidence = FhirValues.decimal(f.getConfidence());
        if (confidence != null) {
            o.addExtension(MedstreamFhir.CONFIDENCE_EXTENSION, confidence);
        }
        // The study the finding was read from (a valid derivedFrom target) ...
        o.addDerivedFrom(
                FhirValues.logical(
                        "ImagingStudy", FhirValues.dicomUid(report.getStudyInstanceUid())));
        // ... and the exact image. R4 has no resource for a single DICOM instance (R5 adds
        // ImagingSelection), so
        // the instance is a logical focus reference by its SOP Instance UID, without a type.
        if (FhirValues.hasText(f.getSopInstanceUid())) {
            o.addFocus(
                    new Reference()
                            .setIdentifier(FhirValues.dicomUid(f.getSopInstanceUid()))
                            .setDisplay("DICOM SOP Instance"));
        }
        return o;
    }
}
