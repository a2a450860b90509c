package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decoder for one frame of RLE Lossless (PS3.5 Annex G): a 64-byte header (segment count and up to
 * 15 offsets, little endian) followed by PackBits segments, one per byte plane; for each sample the
 * most significant byte plane comes first.
 */
public final class RleDecoder {

    /** Longest PackBits replicate run: header byte -127 repeats the next byte 128 times. */
    private static final int MAX_RUN = 128;

    private RleDecoder() {}

    /**
     * Decodes one frame into native little endian bytes with interleaved samples (planar
     * configuration 0), i.e. the layout of an uncompressed little endian frame.
     *
     * @param frame the frame's bytes from position to limit (all fragments of the frame
     *     concatenated)
     * @throws DicomException PIXEL_DECODE when the header or a segment is inconsistent with the
     *     geometry
     */
    public static byte[] decode(
            ByteBuffer frame, int rows, int columns, int samplesPerPixel, int bitsAllocated) {
        if (bitsAllocated % 8 != 0 || bitsAllocated == 0 || bitsAllocated > 32) {
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "RLE Lossless with Bits Allocated " + bitsAllocated + " is not supported");
        }
        ByteBuffer in = frame.slice().order(ByteOrder.LITTLE_ENDIAN);
        int size = in.remaining();
        if (size < 64) {
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "RLE frame of " + size + " bytes is shorter than its " + "64-byte header");
        }
        int bytesPerSample = bitsAllocated / 8;
        int expectedSegments = samplesPerPixel * bytesPerSample;
        int segments = in.getInt(0);
        if (segments != expectedSegments) {
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "RLE header declares "
                            + segments
                            + " segments, "
                            + "expected "
                            + expectedSegments
                            + " (samples per pixel "
                            + samplesPerPixel
                            + " x bytes per sample "
                            + bytesPerSample
                            + ")");
        }
        int pixels = rows * columns;
        int stride = expectedSegments;
        // Every segment is checked before the output is allocated: a forged Rows/Columns on a
        // small frame is refused without a frame-sized buffer.
        long[] starts = new long[segments];
        long[] ends = new long[segments];
        for (int k = 0; k < segments; k++) {
            starts[k] = in.getInt(4 + 4 * k) & 0xFFFFFFFFL;
            ends[k] = k + 1 < segments ? in.getInt(8 + 4 * k) & 0xFFFFFFFFL : size;
            if (starts[k] < 64 || ends[k] > size || starts[k] > ends[k]) {
                throw new DicomException(
                        Reason.PIXEL_DECODE,
                        "RLE segment "
                                + k
                                + " has invalid offsets ["
                                + starts[k]
                                + ", "
                                + ends[k]
                                + ") in a frame of "
                                + size
                                + " bytes");
            }
            // PackBits: a 2-byte replicate run yields at most 128 bytes
            long most = MAX_RUN * ((ends[k] - starts[k] + 1) / 2);
            if (most < pixels) {
                throw new DicomException(
                        Reason.PIXEL_DECODE,
                        "RLE segment "
                                + k
                                + " of "
                                + (ends[k] - starts[k])
                                + " bytes decodes to at most "
                                + most
                                + " bytes, but "
                                + rows
                                + "x"
                                + columns
                                + " needs "
                                + pixels);
            }
        }
        byte[] out = new byte[pixels * stride];
        for (int k = 0; k < segments; k++) {
            int sample = k / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (k % bytesPerSample);
            int first = sample * bytesPerSample + byteInSample;
            int produced = unpack(in, (int) starts[k], (int) ends[k], out, first, stride, pixels);
            if (produced < pixels) {
                throw new DicomException(
                        Reason.PIXEL_DECODE,
                        "RLE segment "
                                + k
                                + " decodes to "
                                + produced
                                + " bytes, expected "
                                + pixels);
            }
        }
        return out;
    }

    /**
     * PackBits into {@code out[first + i * stride]} for i &lt; count; returns how many bytes were
     * produced.
     */
    static int unpack(
            ByteBuffer in, int pos, int end, byte[] out, int first, int stride, int count) {
        int n = 0;
        int dst = first;
        while (pos < end && n < count) {
            int h = in.get(pos++);
            if (h >= 0) {
                int run = Math.min(h + 1, Math.min(end - pos, count - n));
                if (stride == 1) {
                    in.get(pos, out, dst, run);
                    dst += run;
                } else {
                    for (int i = 0; i < run; i++) {
                        out[dst] = in.get(pos + i);
                        dst += stride;
                    }
                }
                pos += h + 1;
                n += run;
            } else if (h != -128) {
                if (pos >= end) {
                    break;
                }
                byte v = in.get(pos++);
                int run = Math.min(1 - h, count - n);
                if (stride == 1) {
                    Arrays.fill(out, dst, dst + run, v);
                    dst += run;
                } else {
                    for (int i = 0; i < run; i++) {
                        out[dst] = v;
                        dst += stride;
                    }
                }
                n += run;
            }
        }
        return n;
    }
}
