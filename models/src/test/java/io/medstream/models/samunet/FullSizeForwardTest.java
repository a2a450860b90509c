package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.prompt.Prompts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One forward pass of the official vit_b_r34 / vit_b_r50 builds at 256 input (random weights): the
 * spec's output shapes and finite values. Several seconds of CPU each, so gated: set {@code
 * MEDSTREAM_SAMUNET_FULL=1}.
 */
class FullSizeForwardTest {

    @Test
    void officialVariantsRunEndToEnd() {
        Assumptions.assumeTrue(
                "1".equals(System.getenv("MEDSTREAM_SAMUNET_FULL")),
                "set MEDSTREAM_SAMUNET_FULL=1 to run full-size forward passes");
        for (SamUnetVariant v :
                new SamUnetVariant[] {SamUnetVariant.VIT_B_R34, SamUnetVariant.VIT_B_R50}) {
            try (NDManager m = NDManager.newBaseManager()) {
                SamUnetBlock block = SamUnetTestSupport.initRandom(v, m);
                ParameterStore ps = new ParameterStore(m, false);
                long t0 = System.nanoTime();
                NDList enc = block.encode(ps, m.randomNormal(new Shape(1, 3, 256, 256)), false);
                long t1 = System.nanoTime();
                NDList boxes =
                        Prompts.boxes(m, new float[][] {{10, 20, 120, 200}, {50, 50, 90, 90}});
                NDArray logits =
                        block.decode(ps, enc.get(0), enc.get(1), boxes.get(0), boxes.get(1), false);
                long t2 = System.nanoTime();
                System.out.printf(
                        "%s: encode %.2f s, decode(2 boxes) %.3f s%n",
                        v.registryName(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                assertThat(enc.get(0).getShape()).isEqualTo(new Shape(1, 256, 16, 16));
                assertThat(enc.get(1).getShape()).isEqualTo(new Shape(1, 32, 64, 64));
                assertThat(logits.getShape()).isEqualTo(new Shape(2, 1, 64, 64));
                assertThat(logits.isNaN().any().getBoolean()).isFalse();
                assertThat(logits.isInfinite().any().getBoolean()).isFalse();
            }
        }
    }
}
