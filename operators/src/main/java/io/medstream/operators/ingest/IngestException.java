package io.medstream.operators.ingest;

import io.medstream.operators.deadletter.DeadLetterReason;

/**
 * An input the ingestion stage rejects. Carries the stage and a machine-readable reason for the
 * dead letter. The message must never contain patient identifiers.
 */
public class IngestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private final DeadLetterReason.Ingest reason;

    /**
     * Trace id of the scan when it is known at the point of failure (a decoded event, a raw
     * record's coordinates).
     */
    private String traceId;

    public IngestException(
            String stage, DeadLetterReason.Ingest reason, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.reason = reason;
    }

    public IngestException(String stage, DeadLetterReason.Ingest reason, String message) {
        this(stage, reason, message, null);
    }

    public String stage() {
        return stage;
    }

    public DeadLetterReason.Ingest reason() {
        return reason;
    }

    public String traceId() {
        return traceId;
    }

    /** Sets the trace id unless one is already set; returns this for rethrowing. */
    IngestException withTraceId(String id) {
        if (traceId == null) {
            traceId = id;
        }
        return this;
    }

    /** Class of the root failure (e.g. DicomException), or of this exception when there is none. */
    public String errorClass() {
        return getCause() != null ? getCause().getClass().getName() : getClass().getName();
    }
}
