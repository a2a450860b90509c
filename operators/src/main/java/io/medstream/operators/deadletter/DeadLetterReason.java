package io.medstream.operators.deadletter;

import io.medstream.dicom.DicomException;

/**
 * The machine-readable reason of a dead letter ({@code DeadLetter.reason} carries {@link #name()}),
 * one enum per stage so a stage can only report the reasons it documents. Consumers of {@code
 * scans.dlq} switch on these names; adding one is a schema-visible change.
 */
public sealed interface DeadLetterReason {

    /** The constant's name, as written to {@code DeadLetter.reason}. */
    String name();

    /** Parse and validate (stages validate-input, decode-event, claim-check, decode-dicom, ...). */
    enum Ingest implements DeadLetterReason {
        EMPTY,
        LIMIT_EXCEEDED,
        AVRO_DECODE,
        CLAIM_CHECK,
        BLOB_STORE_WRITE,
        INVALID_UID,
        EVENT_MISMATCH,
        INTERNAL_ERROR,
        NOT_DICOM,
        TRUNCATED,
        MALFORMED,
        UNSUPPORTED_TRANSFER_SYNTAX,
        MISSING_ATTRIBUTE,
        PIXEL_DECODE,
        IO;

        /** The codec's reason under the same name. */
        public static Ingest of(DicomException.Reason r) {
            return valueOf(r.name());
        }
    }

    /** Control-topic parsing (decode-control) and model loading on a swap (model-load). */
    enum Control implements DeadLetterReason {
        INVALID_COMMAND,
        CHECKSUM,
        LOAD,
        SMOKE_TEST,
        VERIFY;

        /** The reason code of a {@code ModelSwapException}. */
        public static Control ofSwap(String reason) {
            return valueOf(reason);
        }
    }

    /** The segment stage. */
    enum Segment implements DeadLetterReason {
        NOT_DICOM,
        TRUNCATED,
        MALFORMED,
        LIMIT_EXCEEDED,
        UNSUPPORTED_TRANSFER_SYNTAX,
        MISSING_ATTRIBUTE,
        PIXEL_DECODE,
        IO,
        CLAIM_CHECK,
        INVALID_PROMPT,
        UNSUPPORTED_IMAGE,
        MODEL_ERROR,
        /** Not answered within the stage's timeout ({@code medstream.segment.timeout}). */
        TIMEOUT;

        /** The codec's reason under the same name. */
        public static Segment of(DicomException.Reason r) {
            return valueOf(r.name());
        }
    }

    /** The group-by-series stage. */
    enum Group implements DeadLetterReason {
        LIMIT_EXCEEDED
    }

    /** The draft stage. */
    enum Draft implements DeadLetterReason {
        UNREADABLE_SERIES,
        MODEL_ERROR,
        /** Not answered within the stage's timeout ({@code medstream.draft.timeout}). */
        TIMEOUT
    }
}
