package io.medstream.dicom;

import java.nio.ByteBuffer;

/**
 * Conversion of uncompressed sample bytes to modality values: Bits Stored masking, sign extension
 * by Pixel Representation, planar to interleaved reordering and the Rescale Slope/Intercept
 * transform. High Bit is assumed to be Bits Stored - 1.
 */
final class NativePixels {

    private NativePixels() {}

    /**
     * The stored value of a raw sample: the low {@code bitsStored} bits, sign-extended when signed.
     */
    static int storedValue(int raw, int bitsStored, boolean signed) {
        if (bitsStored >= 32) {
            return raw;
        }
        int shift = 32 - bitsStored;
        return signed ? (raw << shift) >> shift : raw & ((1 << bitsStored) - 1);
    }

    /**
     * Converts {@code samples} samples starting at byte {@code offset} of {@code src} (in its byte
     * order) into {@code out}, interleaving planes when {@code planar} is true. For Bits Allocated
     * 1 (bits packed LSB first), {@code offset} counts bits instead of bytes.
     */
    static void convert(
            ByteBuffer src,
            long offset,
            int samples,
            int samplesPerPixel,
            boolean planar,
            int bitsAllocated,
            int bitsStored,
            boolean signed,
            double slope,
            double intercept,
            float[] out) {
        boolean reorder = planar && samplesPerPixel > 1;
        int pixels = samples / samplesPerPixel;
        int shift = 32 - Math.min(bitsStored, 32);
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int off = (int) offset;
        switch (bitsAllocated) {
            case 1 -> {
                for (int i = 0; i < samples; i++) {
                    long bit = offset + i;
                    int b = src.get((int) (bit >>> 3)) >> (int) (bit & 7) & 1;
                    out[reorder ? dst(i, pixels, samplesPerPixel) : i] = b;
                }
            }
            case 8 -> {
                if (!reorder) {
                    if (signed) {
                        for (int i = 0; i < samples; i++) {
                            out[i] = (src.get(off + i) << shift) >> shift;
                        }
                    } else {
                        for (int i = 0; i < samples; i++) {
                            out[i] = src.get(off + i) & mask;
                        }
                    }
                } else {
                    for (int i = 0; i < samples; i++) {
                        int v = src.get(off + i);
                        out[dst(i, pixels, samplesPerPixel)] =
                                signed ? (v << shift) >> shift : v & mask;
                    }
                }
            }
            case 16 -> {
                if (!reorder) {
                    if (signed) {
                        for (int i = 0; i < samples; i++) {
                            out[i] = (src.getShort(off + 2 * i) << shift) >> shift;
                        }
                    } else {
                        for (int i = 0; i < samples; i++) {
                            out[i] = src.getShort(off + 2 * i) & mask;
                        }
                    }
                } else {
                    for (int i = 0; i < samples; i++) {
                        int v = src.getShort(off + 2 * i);
                        out[dst(i, pixels, samplesPerPixel)] =
                                signed ? (v << shift) >> shift : v & mask;
                    }
                }
            }
            case 32 -> {
                for (int i = 0; i < samples; i++) {
                    int v = src.getInt(off + 4 * i);
                    float f =
                            signed
                                    ? (float) ((v << shift) >> shift)
                                    : (float) (bitsStored >= 32 ? v & 0xFFFFFFFFL : v & mask);
                    out[reorder ? dst(i, pixels, samplesPerPixel) : i] = f;
                }
            }
            default -> throw new IllegalArgumentException("bits allocated " + bitsAllocated);
        }
        rescale(out, samples, slope, intercept);
    }

    /** Converts unsigned codec samples (interleaved) into modality values. */
    static void convert(
            int[] raw,
            int samples,
            int bitsStored,
            boolean signed,
            double slope,
            double intercept,
            float[] out) {
        for (int i = 0; i < samples; i++) {
            out[i] = storedValue(raw[i], bitsStored, signed);
        }
        rescale(out, samples, slope, intercept);
    }

    static void rescale(float[] out, int samples, double slope, double intercept) {
        if (slope == 1.0 && intercept == 0.0) {
            return;
        }
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (out[i] * slope + intercept);
        }
    }

    private static int dst(int i, int pixels, int samplesPerPixel) {
        return (i % pixels) * samplesPerPixel + i / pixels;
    }
}
