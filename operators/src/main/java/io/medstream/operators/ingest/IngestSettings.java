package io.medstream.operators.ingest;

import io.medstream.dicom.DicomLimits;

import java.io.Serializable;
import java.util.Objects;

/**
 * Immutable settings of the ingestion stage, the only thing its Flink functions carry. Built once
 * from the job's configuration ({@code MedstreamSettings}); everything heavy (blob store, HMAC) is
 * created in {@code open()}.
 *
 * @param dicomTopic topic whose records are raw DICOM Part 10 bytes
 * @param eventsTopic topic whose records are ScanEvent Avro records
 * @param maxInputBytes largest record or claim-checked payload accepted
 * @param claimCheckThresholdBytes payloads above this go to the blob store
 * @param blobStoreUri where claim-checked payloads live
 * @param pseudonymSecret HMAC key for the patient pseudonym
 * @param maxElementLength and the fields after it: the {@link DicomLimits} the codec enforces
 */
public record IngestSettings(
        String dicomTopic,
        String eventsTopic,
        long maxInputBytes,
        long claimCheckThresholdBytes,
        String blobStoreUri,
        String pseudonymSecret,
        long maxElementLength,
        int maxFrames,
        long maxDecodedPixelBytes,
        int maxInflateRatio,
        long maxFrameBytes,
        int maxElements,
        long maxFrameDecodeMillis)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public IngestSettings {
        Objects.requireNonNull(dicomTopic, "dicomTopic");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(blobStoreUri, "blobStoreUri");
        Objects.requireNonNull(pseudonymSecret, "pseudonymSecret: set medstream.pseudonym.secret");
        if (maxInputBytes <= 0 || claimCheckThresholdBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxInputBytes and claimCheckThresholdBytes must be positive");
        }
        if (claimCheckThresholdBytes > maxInputBytes) {
            throw new IllegalArgumentException(
                    "claim-check threshold ("
                            + claimCheckThresholdBytes
                            + ") must not exceed the input limit ("
                            + maxInputBytes
                            + ")");
        }
    }

    public DicomLimits dicomLimits() {
        return DicomLimits.defaults()
                .withMaxFileBytes(maxInputBytes)
                .withMaxElementLength(maxElementLength)
                .withMaxFrames(maxFrames)
                .withMaxDecodedPixelBytes(maxDecodedPixelBytes)
                .withMaxInflateRatio(maxInflateRatio)
                .withMaxFrameBytes(maxFrameBytes)
                .withMaxElements(maxElements)
                .withMaxFrameDecodeMillis(maxFrameDecodeMillis);
    }
}
