package io.medstream.dicom;

/**
 * The one exception the DICOM codec throws for malformed, truncated, oversized or unsupported
 * input.
 *
 * <p>Messages name tags, lengths, offsets, limits and transfer syntax UIDs only; they never contain
 * attribute values such as patient names or IDs, so they can be stored in dead-letter records as
 * they are.
 */
public final class DicomException extends RuntimeException {

    /** Why the input was rejected. */
    public enum Reason {
        /** The bytes are not a DICOM Part 10 file nor a raw dataset. */
        NOT_DICOM,
        /** The input ends before a structure that it announces. */
        TRUNCATED,
        /** The structure is inconsistent (bad VR, bad item tag, impossible length, bad number). */
        MALFORMED,
        /** A configured {@link DicomLimits} bound was exceeded. */
        LIMIT_EXCEEDED,
        /** The transfer syntax is known but its pixel encoding is not supported, or is unknown. */
        UNSUPPORTED_TRANSFER_SYNTAX,
        /** An attribute needed for the requested operation is absent. */
        MISSING_ATTRIBUTE,
        /** Compressed pixel data could not be decoded. */
        PIXEL_DECODE,
        /** The input could not be read (I/O failure). */
        IO
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public DicomException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public DicomException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
