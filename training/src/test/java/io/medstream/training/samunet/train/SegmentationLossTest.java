package io.medstream.training.samunet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.medstream.models.preprocess.TorchBilinear;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Loss pieces against direct computations. */
class SegmentationLossTest {

    @Test
    void matrixUpsamplingEqualsTorchBilinear() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] low = new float[16 * 16];
        for (int i = 0; i < low.length; i++) {
            low[i] = (float) rng.nextGaussian();
        }
        float[] expected = TorchBilinear.resize(low, 16, 16, 64, 64);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = SegmentationLoss.upsampleMatrix(m, 16, 64);
            float[] got =
                    SegmentationLoss.upsample(m.create(low, new Shape(1, 1, 16, 16)), u)
                            .toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isCloseTo(expected[i], offset(1e-5f));
            }
        }
    }

    @Test
    void focalAndDiceMatchScalarFormulas() {
        float[] x = {2f, -1f, 0.5f, -3f};
        float[] t = {1f, 0f, 0f, 1f};
        double focal = 0;
        double inter = 0;
        double sp = 0;
        double st = 0;
        for (int i = 0; i < 4; i++) {
            double p = 1 / (1 + Math.exp(-x[i]));
            double ce = -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
            double pt = p * t[i] + (1 - p) * (1 - t[i]);
            double a = t[i] * 0.25 + (1 - t[i]) * 0.75;
            focal += a * ce * (1 - pt) * (1 - pt);
            inter += p * t[i];
            sp += p;
            st += t[i];
        }
        focal /= 4;
        double dice = 1 - (2 * inter + 1) / (sp + st + 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xs = m.create(x, new Shape(1, 2, 2));
            NDArray ts = m.create(t, new Shape(1, 2, 2));
            assertThat(SegmentationLoss.focal(xs, ts).getFloat())
                    .isCloseTo((float) focal, offset(1e-6f));
            assertThat(SegmentationLoss.dice(xs, ts).getFloat())
                    .isCloseTo((float) dice, offset(1e-6f));
            assertThat(SegmentationLoss.loss(xs, ts).getFloat())
                    .isCloseTo((float) (focal + 20 * dice), offset(1e-5f));
        }
    }
}
