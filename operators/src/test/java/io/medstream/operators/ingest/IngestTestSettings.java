package io.medstream.operators.ingest;

import io.medstream.dicom.DicomLimits;

import java.nio.file.Path;

/**
 * Ingestion settings for operator tests: the shipped DICOM limits, a blob store under the test's
 * temporary folder and a secret that exists only in tests (production settings come from {@code
 * MedstreamSettings}, which requires {@code medstream.pseudonym.secret}).
 */
public final class IngestTestSettings {
    private IngestTestSettings() {}

    public static final String DICOM_TOPIC = "test.dicom";
    public static final String EVENTS_TOPIC = "test.events";
    public static final String SECRET = "operator-test-secret";

    public static IngestSettings create(Path blobs) {
        return create(blobs, 64L << 20);
    }

    /** With {@code maxInputBytes} as the input limit and the claim-check threshold below it. */
    public static IngestSettings create(Path blobs, long maxInputBytes) {
        DicomLimits d = DicomLimits.defaults();
        return new IngestSettings(
                DICOM_TOPIC,
                EVENTS_TOPIC,
                maxInputBytes,
                Math.min(512L << 10, maxInputBytes),
                blobs.toUri().toString(),
                SECRET,
                d.maxElementLength(),
                d.maxFrames(),
                d.maxDecodedPixelBytes(),
                d.maxInflateRatio(),
                d.maxFrameBytes(),
                d.maxElements(),
                d.maxFrameDecodeMillis());
    }
}
