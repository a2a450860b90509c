package io.medstream.operators.ingest;

/** Names of the ingestion stages, as they appear in {@code DeadLetter.stage}. */
public final class IngestStages {
    private IngestStages() {}

    /** Size and emptiness checks on the raw Kafka record. */
    public static final String VALIDATE_INPUT = "validate-input";

    /** Avro decoding of a ScanEvent from scans.events. */
    public static final String DECODE_EVENT = "decode-event";

    /** Reading or writing a claim-checked payload. */
    public static final String CLAIM_CHECK = "claim-check";

    /** DICOM Part 10 parsing and pixel decoding. */
    public static final String DECODE_DICOM = "decode-dicom";

    /** Semantic checks: UIDs, image geometry, consistency between event and file. */
    public static final String VALIDATE_DICOM = "validate-dicom";
}
