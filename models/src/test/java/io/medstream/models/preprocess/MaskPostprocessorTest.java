package io.medstream.models.preprocess;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

public class MaskPostprocessorTest {

    /**
     * Ellipse in original coordinates → PIL resize (forward) → frame logits → inverse → Dice with
     * the original.
     */
    @Test
    void maskRoundTripKeepsDiceAbove095() {
        int[][] sizes = {{300, 200}, {100, 60}, {512, 512}, {37, 129}, {700, 233}, {256, 256}};
        for (int[] s : sizes) {
            int h = s[0];
            int w = s[1];
            boolean[] mask = new boolean[h * w];
            int[] grey = new int[h * w];
            double cy = h * 0.45;
            double cx = w * 0.55;
            double ry = h * 0.25;
            double rx = w * 0.3;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double u = (r + 0.5 - cy) / ry;
                    double v = (c + 0.5 - cx) / rx;
                    boolean in = u * u + v * v <= 1.0;
                    mask[r * w + c] = in;
                    grey[r * w + c] = in ? 255 : 0;
                }
            }
            ResizeGeometry g = ResizeGeometry.samUnet(h, w);
            int[] resized = PilBilinearResize.resize(grey, h, w, g.resizedRows(), g.resizedCols());
            float[] frame = new float[256 * 256];
            Arrays.fill(frame, -127.5f); // padding is "outside"
            for (int r = 0; r < g.resizedRows(); r++) {
                for (int c = 0; c < g.resizedCols(); c++) {
                    frame[r * 256 + c] = resized[r * g.resizedCols() + c] - 127.5f;
                }
            }
            boolean[] back = MaskPostprocessor.frameLogitsToMask(frame, g);
            assertThat(back).hasSize(h * w);
            assertThat(dice(mask, back)).as("Dice for %dx%d", h, w).isGreaterThan(0.95);
        }
    }

    /**
     * Low-res logits that are an affine ramp in frame x put the mask edge where the ramp crosses 0.
     */
    @Test
    void lowResRampCrossesZeroAtTheMappedColumn() {
        int h = 300;
        int w = 200;
        ResizeGeometry g = ResizeGeometry.samUnet(h, w); // 256×171, scale 256/300
        double edgeFrameX = 100.0; // in 256-frame pixel-centre coordinates
        float[] low = new float[64 * 64];
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                // low-res cell c covers frame x centre 4c + 1.5; logit = frameX - edge
                low[r * 64 + c] = (float) (4 * c + 1.5 - edgeFrameX);
            }
        }
        boolean[] m = MaskPostprocessor.lowResLogitsToMask(low, 64, 64, g);
        // frame x centre of original column x: (x + .5)·newW/W − .5
        double expectedOrigX = (edgeFrameX + 0.5) * w / g.resizedCols() - 0.5;
        for (int r = 0; r < h; r++) {
            int first = -1;
            for (int c = 0; c < w; c++) {
                if (m[r * w + c]) {
                    first = c;
                    break;
                }
            }
            assertThat((double) first)
                    .as("row %d", r)
                    .isBetween(expectedOrigX - 1.0, expectedOrigX + 1.5);
            for (int c = first; c < w; c++) {
                assertThat(m[r * w + c]).isTrue();
            }
        }
    }

    @Test
    void thresholdIsStrictlyPositive() {
        assertThat(MaskPostprocessor.threshold(new float[] {-1f, 0f, 1e-7f, 3f}))
                .containsExactly(false, false, true, true);
    }

    public static double dice(boolean[] a, boolean[] b) {
        long inter = 0;
        long sa = 0;
        long sb = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                sa++;
            }
            if (b[i]) {
                sb++;
            }
            if (a[i] && b[i]) {
                inter++;
            }
        }
        return 2.0 * inter / (sa + sb);
    }

    /**
     * Hand-computed: pixel centres (c + 0.5, r + 0.5) inside the closed box survive, the rest
     * become −∞.
     */
    @Test
    void confineToBoxKeepsPixelCentresInsideTheBox() {
        float[] logits = new float[4 * 5];
        Arrays.fill(logits, 2f);
        // integer box, x1/y1 exclusive: columns 1..2, rows 1..2
        MaskPostprocessor.confineToBox(logits, 4, 5, new double[] {1, 1, 3, 3});
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                boolean kept = r >= 1 && r <= 2 && c >= 1 && c <= 2;
                assertThat(logits[r * 5 + c])
                        .as("(%d,%d)", r, c)
                        .isEqualTo(kept ? 2f : Float.NEGATIVE_INFINITY);
            }
        }
        // fractional box: centres 1.5 ∈ [0.6, 2.4] (column 1 only); 0.5 and 1.5 ∈ [0.4, 1.6] (rows
        // 0, 1)
        float[] f = new float[3 * 4];
        Arrays.fill(f, -1f);
        MaskPostprocessor.confineToBox(f, 3, 4, new double[] {0.6, 0.4, 2.4, 1.6});
        assertThat(f)
                .containsExactly(
                        Float.NEGATIVE_INFINITY,
                        -1f,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        -1f,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY);
        Assertions.assertThatThrownBy(
                        () ->
                                MaskPostprocessor.confineToBox(
                                        new float[5], 2, 3, new double[] {0, 0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
