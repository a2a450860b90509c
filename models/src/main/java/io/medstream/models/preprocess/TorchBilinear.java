package io.medstream.models.preprocess;

/**
 * PyTorch {@code F.interpolate(x, size=(outH, outW), mode="bilinear", align_corners=False)} (no
 * antialias) for one single-channel float map, as ATen's CPU kernel for float tensors: half-pixel
 * centres, source coordinate clamped at 0, upper neighbour clamped at size − 1.
 *
 * <p>For output index {@code d}: {@code scale = (float) in / out}; {@code src = scale·(d + 0.5) −
 * 0.5} in double, clamped to ≥ 0; {@code i0 = (int) src}, {@code i1 = min(i0 + 1, in − 1)}, {@code
 * λ1 = (float)(src − i0)}, {@code λ0 = 1 − λ1}; the value is {@code λh0·(λw0·a + λw1·b) +
 * λh1·(λw0·c + λw1·d)} in float. Measured against torch 1.13.1 (tools/preprocess_golden.py): equal
 * to within 2 ulp (torch's kernel orders/fuses the final multiply-adds differently), i.e. ≤ 2e-6
 * absolute on values of magnitude ~10.
 */
public final class TorchBilinear {

    private TorchBilinear() {}

    /**
     * @param src map, inRows×inCols row-major
     * @return map, outRows×outCols row-major
     */
    public static float[] resize(float[] src, int inRows, int inCols, int outRows, int outCols) {
        if (src.length != inRows * inCols) {
            throw new IllegalArgumentException(
                    "src length " + src.length + " != " + inRows + "x" + inCols);
        }
        if (outRows < 1 || outCols < 1) {
            throw new IllegalArgumentException(
                    "target size must be positive: " + outRows + "x" + outCols);
        }
        Axis h = Axis.of(inRows, outRows);
        Axis w = Axis.of(inCols, outCols);
        float[] out = new float[outRows * outCols];
        for (int y = 0; y < outRows; y++) {
            int r0 = h.i0[y] * inCols;
            int r1 = h.i1[y] * inCols;
            float hl0 = h.l0[y];
            float hl1 = h.l1[y];
            for (int x = 0; x < outCols; x++) {
                int c0 = w.i0[x];
                int c1 = w.i1[x];
                float wl0 = w.l0[x];
                float wl1 = w.l1[x];
                out[y * outCols + x] =
                        hl0 * (wl0 * src[r0 + c0] + wl1 * src[r0 + c1])
                                + hl1 * (wl0 * src[r1 + c0] + wl1 * src[r1 + c1]);
            }
        }
        return out;
    }

    /** Precomputed neighbours and weights along one axis. */
    private record Axis(int[] i0, int[] i1, float[] l0, float[] l1) {
        static Axis of(int in, int out) {
            float scale = (float) in / (float) out;
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] l0 = new float[out];
            float[] l1 = new float[out];
            for (int d = 0; d < out; d++) {
                // the float scale is promoted: ATen evaluates scale * (d + 0.5) - 0.5 and the
                // fraction in double
                double real = scale * (d + 0.5) - 0.5;
                if (real < 0.0) {
                    real = 0.0;
                }
                int a = (int) real;
                i0[d] = a;
                i1[d] = a < in - 1 ? a + 1 : a;
                l1[d] = (float) (real - a);
                l0[d] = 1.0f - l1[d];
            }
            return new Axis(i0, i1, l0, l1);
        }
    }
}
