package io.medstream.models.lifecycle;

/** A model version that could not be put into service; the previous version keeps serving. */
public final class ModelSwapException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ModelVersion version;
    private final String reason;

    public ModelSwapException(
            ModelVersion version, String reason, String message, Throwable cause) {
        super(message, cause);
        this.version = version;
        this.reason = reason;
    }

    public ModelVersion version() {
        return version;
    }

    /** VERIFY, CHECKSUM, LOAD or SMOKE_TEST. */
    public String reason() {
        return reason;
    }
}
