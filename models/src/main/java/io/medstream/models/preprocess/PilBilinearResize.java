package io.medstream.models.preprocess;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} for a single-channel uint8 ("L") image,
 * reproduced bit for bit from Pillow's {@code libImaging/Resample.c} (checked against Pillow 9.4 by
 * the golden fixtures).
 *
 * <p>Why not plain bilinear: Pillow's BILINEAR is a separable triangle filter whose support is
 * widened by the downscale factor, i.e. it antialiases when shrinking (and is ordinary bilinear
 * when enlarging). SAM's {@code ResizeLongestSide} resizes a PIL image, so this is what the model
 * saw in training (sam-unet.md §1).
 *
 * <p>Pillow details reproduced here:
 *
 * <ul>
 *   <li>coefficients: {@code center = (x + 0.5)·scale}, taps {@code [int(center − support + 0.5),
 *       int(center + support + 0.5))} clipped to the image, weights {@code tri((i − center +
 *       0.5)/filterscale)} normalised to sum 1, with {@code filterscale = max(1, scale)}, {@code
 *       support = 1·filterscale};
 *   <li>weights converted to 22-bit fixed point ({@code PRECISION_BITS = 32 − 8 − 2}), rounded half
 *       away from 0;
 *   <li>horizontal pass first, result clipped to uint8, then the vertical pass, again clipped to
 *       uint8;
 *   <li>a pass whose size does not change is skipped (Pillow skips it too; it would be the identity
 *       anyway).
 * </ul>
 *
 * RGB images with R = G = B resize channel-wise to the same result, which the fixture script
 * asserts, so grey images are resized once and replicated afterwards.
 */
public final class PilBilinearResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBilinearResize() {}

    /**
     * Resizes a uint8 grey image.
     *
     * @param src grey levels 0..255, inRows×inCols row-major
     * @param outRows target height (≥ 1)
     * @param outCols target width (≥ 1)
     * @return grey levels 0..255, outRows×outCols row-major
     */
    public static int[] resize(int[] src, int inRows, int inCols, int outRows, int outCols) {
        if (src.length != inRows * inCols) {
            throw new IllegalArgumentException(
                    "src length " + src.length + " != " + inRows + "x" + inCols);
        }
        if (outRows < 1 || outCols < 1) {
            throw new IllegalArgumentException(
                    "target size must be positive: " + outRows + "x" + outCols);
        }
        int[] cur = src;
        int curCols = inCols;
        if (outCols != inCols) {
            cur = horizontal(cur, inRows, inCols, outCols);
            curCols = outCols;
        }
        if (outRows != inRows) {
            cur = vertical(cur, inRows, curCols, outRows);
        }
        return cur == src ? src.clone() : cur;
    }

    /**
     * Fixed-point taps for one axis: for output index o, taps start at {@code start[o]}, count
     * {@code count[o]}.
     */
    private record Coeffs(int ksize, int[] start, int[] count, int[] weights) {}

    static Coeffs coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = 1.0 * filterscale; // bilinear filter support is 1
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * ksize];
        double[] k = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * ksize + x] =
                        w < 0
                                ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                                : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coeffs(ksize, start, count, weights);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    private static int[] horizontal(int[] src, int rows, int inCols, int outCols) {
        Coeffs c = coefficients(inCols, outCols);
        int[] out = new int[rows * outCols];
        for (int y = 0; y < rows; y++) {
            int rowBase = y * inCols;
            for (int xx = 0; xx < outCols; xx++) {
                int kBase = xx * c.ksize();
                int s0 = c.start()[xx];
                int ss = 1 << (PRECISION_BITS - 1);
                for (int x = 0; x < c.count()[xx]; x++) {
                    ss += src[rowBase + s0 + x] * c.weights()[kBase + x];
                }
                out[y * outCols + xx] = clip8(ss);
            }
        }
        return out;
    }

    private static int[] vertical(int[] src, int inRows, int cols, int outRows) {
        Coeffs c = coefficients(inRows, outRows);
        int[] out = new int[outRows * cols];
        for (int yy = 0; yy < outRows; yy++) {
            int kBase = yy * c.ksize();
            int s0 = c.start()[yy];
            int n = c.count()[yy];
            for (int x = 0; x < cols; x++) {
                int ss = 1 << (PRECISION_BITS - 1);
                for (int y = 0; y < n; y++) {
                    ss += src[(s0 + y) * cols + x] * c.weights()[kBase + y];
                }
                out[yy * cols + x] = clip8(ss);
            }
        }
        return out;
    }

    /** Pillow's clip8: arithmetic shift out of fixed point, clamp to 0..255. */
    private static int clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (in <= 0) {
            return 0;
        }
        return in >> PRECISION_BITS;
    }
}
