package io.medstream.operators.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

/** Small, deterministic builders of FHIR datatypes shared by the report and finding mappings. */
final class FhirValues {
    private FhirValues() {}

    // HAPI renders dates in the JVM's default time zone unless told otherwise; UTC ("Z") keeps
    // replays
    // byte-identical across machines.
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    static InstantType instant(Instant t) {
        InstantType v = new InstantType(Date.from(t), TemporalPrecisionEnum.MILLI, UTC);
        v.setTimeZoneZulu(true);
        return v;
    }

    static DateTimeType dateTime(Instant t) {
        DateTimeType v = new DateTimeType(Date.from(t), TemporalPrecisionEnum.MILLI, UTC);
        v.setTimeZoneZulu(true);
        return v;
    }

    /**
     * A decimal, or null for NaN/infinity: FHIR decimals cannot carry them, and a poison value must
     * not fail the sink (it would be retried forever).
     */
    static DecimalType decimal(double v) {
        return Double.isFinite(v) ? new DecimalType(BigDecimal.valueOf(v)) : null;
    }

    /**
     * Identifier of a DICOM UID in the form FHIR prescribes: system {@code urn:dicom:uid}, value
     * {@code urn:oid:}.
     */
    static Identifier dicomUid(String uid) {
        return new Identifier()
                .setSystem(MedstreamFhir.DICOM_UID_SYSTEM)
                .setValue("urn:oid:" + uid);
    }

    /** Logical reference (by identifier only) to a resource that medstream does not own. */
    static Reference logical(String type, Identifier id) {
        return new Reference().setType(type).setIdentifier(id);
    }

    /**
     * The patient, by pseudonym only: no name, birth date or real identifier ever leaves medstream.
     */
    static Reference patient(String patientKey) {
        return logical(
                "Patient",
                new Identifier().setSystem(MedstreamFhir.PATIENT_KEY_SYSTEM).setValue(patientKey));
    }

    static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
