package io.medstream.dicom;

/**
 * Bounds that protect the reader and the pixel decoders from hostile or broken input. Exceeding any
 * of them raises {@link DicomException} with {@link DicomException.Reason#LIMIT_EXCEEDED}.
 *
 * @param maxFileBytes largest input accepted, and largest inflated dataset of a deflated file
 * @param maxElementLength largest value length of a single element or fragment
 * @param maxFrames largest Number of Frames
 * @param maxDecodedPixelBytes largest size of all frames at Bits Allocated, and of one decoded
 *     float frame
 * @param maxInflateRatio largest inflated/compressed size ratio of a deflated dataset, checked
 *     while inflating
 * @param maxSequenceDepth deepest nesting of sequences
 */
public record DicomLimits(
        long maxFileBytes,
        long maxElementLength,
        int maxFrames,
        long maxDecodedPixelBytes,
        int maxInflateRatio,
        int maxSequenceDepth) {

    private static final long MIB = 1024L * 1024L;

    /**
     * 1 GiB file, 256 MiB element, 4096 frames, 1 GiB decoded pixels, inflate ratio 100, sequence
     * depth 32.
     */
    public static final DicomLimits DEFAULT =
            new DicomLimits(1024 * MIB, 256 * MIB, 4096, 1024 * MIB, 100, 32);

    public DicomLimits {
        if (maxFileBytes <= 0
                || maxElementLength <= 0
                || maxFrames <= 0
                || maxDecodedPixelBytes <= 0
                || maxInflateRatio <= 0
                || maxSequenceDepth <= 0) {
            throw new IllegalArgumentException("all DICOM limits must be positive");
        }
    }

    public static DicomLimits defaults() {
        return DEFAULT;
    }

    public DicomLimits withMaxFileBytes(long v) {
        return new DicomLimits(
                v,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxInflateRatio,
                maxSequenceDepth);
    }

    public DicomLimits withMaxElementLength(long v) {
        return new DicomLimits(
                maxFileBytes,
                v,
                maxFrames,
                maxDecodedPixelBytes,
                maxInflateRatio,
                maxSequenceDepth);
    }

    public DicomLimits withMaxFrames(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                v,
                maxDecodedPixelBytes,
                maxInflateRatio,
                maxSequenceDepth);
    }

    public DicomLimits withMaxDecodedPixelBytes(long v) {
        return new DicomLimits(
                maxFileBytes, maxElementLength, maxFrames, v, maxInflateRatio, maxSequenceDepth);
    }

    public DicomLimits withMaxInflateRatio(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                v,
                maxSequenceDepth);
    }

    public DicomLimits withMaxSequenceDepth(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxInflateRatio,
                v);
    }

    static DicomException exceeded(String limit, long actual, long max) {
        return new DicomException(
                DicomException.Reason.LIMIT_EXCEEDED, limit + " exceeded: " + actual + " > " + max);
    }
}
