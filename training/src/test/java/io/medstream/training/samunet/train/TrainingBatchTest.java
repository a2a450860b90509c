package io.medstream.training.samunet.train;

import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.phantom.Components;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Batches are a function of their seeds; boxes stay within the jitter bound of a real target. */
class TrainingBatchTest {

    @Test
    void batchesAreDeterministicAndJitteredWithinFivePixels() {
        PhantomGenerator gen = new PhantomGenerator();
        SamPreprocessor pre = new SamPreprocessor();
        TrainingBatch a = TrainingBatch.draw(gen, pre, 1000, 10, 2, 5, 0.4);
        TrainingBatch b = TrainingBatch.draw(gen, pre, 1000, 10, 2, 5, 0.4);
        TrainingBatch c = TrainingBatch.draw(gen, pre, 1001, 10, 2, 5, 0.4);
        assertThat(a.boxes()).isDeepEqualTo(b.boxes());
        assertThat(a.targets()).isDeepEqualTo(b.targets());
        assertThat(a.images()).isDeepEqualTo(b.images());
        assertThat(a.images()[0]).isNotEqualTo(c.images()[0]);
        assertThat(a.boxes()).hasNumberOfRows(10);
        assertThat(a.targets()[0]).hasSize(256 * 256);

        // every box is a translated tight box of one of the image's targets (phantoms are 256²,
        // scale 1)
        for (int i = 0; i < 2; i++) {
            PhantomSlice slice = gen.generate(1000, 10 + i);
            List<PhantomTargets.Target> targets = PhantomTargets.targets(slice);
            for (int j = 0; j < 5; j++) {
                float[] box = a.boxes()[i * 5 + j];
                float[] target = a.targets()[i * 5 + j];
                PhantomTargets.Target match = null;
                for (PhantomTargets.Target t : targets) {
                    if (Arrays.equals(
                            PhantomTargets.toModelFrame(t.mask(), ResizeGeometry.samUnet(256, 256)),
                            target)) {
                        match = t;
                    }
                }
                assertThat(match)
                        .as("target %d of image %d is a phantom structure", j, i)
                        .isNotNull();
                int[] tight = match.box();
                float dx = box[0] - tight[0];
                float dy = box[1] - tight[1];
                assertThat(Math.abs(dx)).isLessThanOrEqualTo(5f);
                assertThat(Math.abs(dy)).isLessThanOrEqualTo(5f);
                assertThat(box[2] - tight[2]).isEqualTo(dx);
                assertThat(box[3] - tight[3]).isEqualTo(dy);
            }
        }
    }

    @Test
    void jitterIsBoundedByHalfTheSmallerSide() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            int[] j = TrainingBatch.jitter(new int[] {10, 10, 14, 30}, rng);
            // m = min(5, int(0.5·4)) = 2 → offsets in [−2, 2)
            assertThat(j[0] - 10).isBetween(-2, 1);
            assertThat(j[1] - 10).isBetween(-2, 1);
        }
        assertThat(TrainingBatch.jitter(new int[] {3, 3, 4, 4}, rng)).containsExactly(3, 3, 4, 4);
    }

    @Test
    void largestComponentBoxIsExclusiveAndIgnoresSmallerParts() {
        boolean[] m = new boolean[8 * 8];
        m[0] = true; // 1-pixel component at (0,0)
        for (int r = 3; r <= 5; r++) {
            for (int c = 2; c <= 6; c++) {
                m[r * 8 + c] = true;
            }
        }
        assertThat(Components.largestComponentBox(m, 8, 8)).containsExactly(2, 3, 7, 6);
        assertThat(Components.largestComponentBox(new boolean[4], 2, 2)).isNull();
    }
}
