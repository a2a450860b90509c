package io.medstream.dicom;

/**
 * Bounds that protect the reader and the pixel decoders from hostile or broken input. Exceeding any
 * of them raises {@link DicomException} with {@link DicomException.Reason#LIMIT_EXCEEDED}.
 *
 * @param maxFileBytes largest input accepted, and largest inflated dataset of a deflated file
 * @param maxElementLength largest value length of a single element or fragment
 * @param maxFrames largest Number of Frames
 * @param maxDecodedPixelBytes largest size of all frames at Bits Allocated
 * @param maxFrameBytes largest decoded frame as 32-bit floats (rows × columns × samples × 4). It is
 *     checked from the header before any pixel buffer is allocated, and before a compressed frame
 *     is handed to a third-party decoder, so one frame's decoding allocates a small multiple of it
 *     at most (the float frame, the codec's raster and its integer copy)
 * @param maxInflateRatio largest inflated/compressed size ratio of a deflated dataset, checked
 *     while inflating
 * @param maxSequenceDepth deepest nesting of sequences
 * @param maxElements most elements in a dataset, nested items and pixel fragments included (an
 *     empty element costs about 150 bytes of heap, so a flood of them is refused while reading)
 * @param maxFrameDecodeMillis longest a compressed frame may take to decode. ImageIO's JPEG and
 *     JPEG 2000 decoders cannot be interrupted, so their input stream refuses reads past this
 *     deadline: a decoder looping over a hostile codestream fails at its next read
 */
public record DicomLimits(
        long maxFileBytes,
        long maxElementLength,
        int maxFrames,
        long maxDecodedPixelBytes,
        long maxFrameBytes,
        int maxInflateRatio,
        int maxSequenceDepth,
        int maxElements,
        long maxFrameDecodeMillis) {

    private static final long MIB = 1024L * 1024L;

    /**
     * 1 GiB file, 256 MiB element, 4096 frames, 1 GiB of all frames' pixels, 128 MiB per decoded
     * float frame (a 4096 × 2730 RGB or 5792 × 5792 grey image), inflate ratio 100, sequence depth
     * 32, 500,000 elements, 10 s per compressed frame. One frame's decoding then stays within a few
     * hundred MiB, so a 1 GiB heap survives any single input.
     */
    public static final DicomLimits DEFAULT =
            new DicomLimits(
                    1024 * MIB, 256 * MIB, 4096, 1024 * MIB, 128 * MIB, 100, 32, 500_000, 10_000);

    public DicomLimits {
        if (maxFileBytes <= 0
                || maxElementLength <= 0
                || maxFrames <= 0
                || maxDecodedPixelBytes <= 0
                || maxFrameBytes <= 0
                || maxInflateRatio <= 0
                || maxSequenceDepth <= 0
                || maxElements <= 0
                || maxFrameDecodeMillis <= 0) {
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
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxElementLength(long v) {
        return new DicomLimits(
                maxFileBytes,
                v,
                maxFrames,
                maxDecodedPixelBytes,
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxFrames(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                v,
                maxDecodedPixelBytes,
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxDecodedPixelBytes(long v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                v,
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxFrameBytes(long v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                v,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxInflateRatio(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxFrameBytes,
                v,
                maxSequenceDepth,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxSequenceDepth(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxFrameBytes,
                maxInflateRatio,
                v,
                maxElements,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxElements(int v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                v,
                maxFrameDecodeMillis);
    }

    public DicomLimits withMaxFrameDecodeMillis(long v) {
        return new DicomLimits(
                maxFileBytes,
                maxElementLength,
                maxFrames,
                maxDecodedPixelBytes,
                maxFrameBytes,
                maxInflateRatio,
                maxSequenceDepth,
                maxElements,
                v);
    }

    static DicomException exceeded(String limit, long actual, long max) {
        return new DicomException(
                DicomException.Reason.LIMIT_EXCEEDED, limit + " exceeded: " + actual + " > " + max);
    }
}
