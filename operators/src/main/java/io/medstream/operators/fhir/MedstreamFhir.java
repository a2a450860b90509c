package io.medstream.operators.fhir;

/**
 * Code systems, identifier systems and extension URLs of medstream's FHIR output, in one place so
 * that the mapping, its tests and the documentation ({@code docs/FHIR.md}) agree.
 */
public final class MedstreamFhir {
    private MedstreamFhir() {}

    /**
     * Identifier system of DICOM UIDs; values are {@code urn:oid:<uid>} (FHIR R4 "Identifier"
     * guidance).
     */
    public static final String DICOM_UID_SYSTEM = "urn:dicom:uid";

    /**
     * Identifier system of the pseudonymised patient key (HMAC of the Patient ID); never a real
     * identifier.
     */
    public static final String PATIENT_KEY_SYSTEM = "urn:medstream:patient-key";

    public static final String LOINC = "http://loinc.org";
    public static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public static final String OBSERVATION_CATEGORY =
            "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String UCUM = "http://unitsofmeasure.org";

    /** Prefix of every medstream extension; the role or field name follows. */
    public static final String EXTENSION_BASE = "https://medstream.io/fhir/StructureDefinition/";

    /**
     * Calibrated probability that a statement is true of the image: a {@code valueDecimal} in [0,
     * 1] on each finding Observation.
     */
    public static final String CONFIDENCE_EXTENSION = EXTENSION_BASE + "confidence";

    /**
     * One per report sentence, in order, on {@code presentedForm[0]}: sub-extensions {@code index}
     * (valueInteger, 0-based), {@code text} (valueString) and {@code confidence} (valueDecimal).
     */
    public static final String SENTENCE_CONFIDENCE_EXTENSION =
            EXTENSION_BASE + "sentence-confidence";

    /** Model roles stamped on the report; see {@link #modelExtension(String)}. */
    public static final String ROLE_DRAFTER = "drafter";

    public static final String ROLE_SCORER = "scorer";
    public static final String ROLE_SEGMENTATION = "segmentation";

    /** MIME type of the Kafka value, sent as the {@code content-type} header. */
    public static final String FHIR_JSON = "application/fhir+json";

    /**
     * URL of the provenance extension of one model role: sub-extensions {@code name}, {@code
     * version} and {@code sha256} (all valueString).
     */
    public static String modelExtension(String role) {
        return EXTENSION_BASE + "model-" + role;
    }
}
