package io.medstream.models.intendeduse;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.report.drafter.DrafterInput;

/**
 * The fixed-length description of a slice that the out-of-distribution detector measures: summary
 * statistics of exactly what the drafter and the scorer see ({@link DrafterInput}, 2 × 64 × 64 in
 * [0,1]), so an image is judged in the models' own input space, after windowing and resizing.
 *
 * <p>{@value #LENGTH} values: channel 0 (the display window) as 8 × 8 block means (64: the layout
 * of bright and dark regions), its 16-bin histogram (16: the intensity distribution), its mean
 * absolute horizontal and vertical differences (2: texture and edge density), and channel 1 (the CT
 * lung window, a copy of channel 0 otherwise) as 4 × 4 block means (16).
 */
public final class ImageDescriptor {

    /** Length of a descriptor. */
    public static final int LENGTH = 98;

    /** Version of this definition; a detector fitted on another one is refused. */
    public static final String VERSION = "drafter-input-stats-v1";

    private static final int SIZE = DrafterInput.SIZE;
    private static final int BINS = 16;

    private ImageDescriptor() {}

    /** The descriptor of one slice. */
    public static double[] of(ScanImage image) {
        return of(DrafterInput.of(image));
    }

    /**
     * The descriptor of a drafter input.
     *
     * @param input {@link DrafterInput} layout: [channel][row][col] = [2][64][64] flattened
     */
    public static double[] of(float[] input) {
        if (input.length != DrafterInput.CHANNELS * SIZE * SIZE) {
            throw new IllegalArgumentException(
                    "expected a drafter input of "
                            + DrafterInput.CHANNELS * SIZE * SIZE
                            + " floats, got "
                            + input.length);
        }
        double[] d = new double[LENGTH];
        int k = 0;
        k = blockMeans(input, 0, 8, d, k); // 64
        for (int i = 0; i < SIZE * SIZE; i++) { // 16: fraction of pixels per intensity bin
            d[k + Math.min(BINS - 1, (int) (input[i] * BINS))] += 1.0 / (SIZE * SIZE);
        }
        k += BINS;
        double dx = 0;
        double dy = 0;
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                int i = r * SIZE + c;
                if (c + 1 < SIZE) {
                    dx += Math.abs(input[i + 1] - input[i]);
                }
                if (r + 1 < SIZE) {
                    dy += Math.abs(input[i + SIZE] - input[i]);
                }
            }
        }
        d[k++] = dx / (SIZE * (SIZE - 1));
        d[k++] = dy / (SIZE * (SIZE - 1));
        k = blockMeans(input, SIZE * SIZE, 4, d, k); // 16
        if (k != LENGTH) {
            throw new IllegalStateException("descriptor length " + k);
        }
        return d;
    }

    /** Means of the {@code grid × grid} equal blocks of one 64 × 64 channel, row-major. */
    private static int blockMeans(float[] input, int offset, int grid, double[] out, int k) {
        int block = SIZE / grid;
        for (int br = 0; br < grid; br++) {
            for (int bc = 0; bc < grid; bc++) {
                double sum = 0;
                for (int r = br * block; r < (br + 1) * block; r++) {
                    for (int c = bc * block; c < (bc + 1) * block; c++) {
                        sum += input[offset + r * SIZE + c];
                    }
                }
                out[k++] = sum / (block * block);
            }
        }
        return k;
    }
}
