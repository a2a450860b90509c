package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.prompt.Prompts;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encode-once predictor returns what a direct encode + decode returns (tiny variant). */
class SamUnetPredictorTest {

    @Test
    void predictorMatchesDirectDecodeAndReusesTheImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            SamUnetBlock block = SamUnetTestSupport.initRandom(SamUnetVariant.TINY, m);
            NDArray image = m.randomNormal(new Shape(1, 3, 256, 256));
            float[][] boxes = {{12, 20, 90, 140}, {100, 100, 200, 230}};

            ParameterStore ps = new ParameterStore(m, false);
            NDList enc = block.encode(ps, image, false);
            NDList prompts = Prompts.boxes(m, boxes);
            float[] direct =
                    block.decode(ps, enc.get(0), enc.get(1), prompts.get(0), prompts.get(1), false)
                            .toFloatArray();
            // the shared path (image side at batch 1, broadcast) equals the image expanded per
            // prompt
            float[] expanded =
                    block.decode(
                                    ps,
                                    enc.get(0).repeat(0, 2),
                                    enc.get(1).repeat(0, 2),
                                    prompts.get(0),
                                    prompts.get(1),
                                    false)
                            .toFloatArray();
            assertThat(expanded).hasSameSizeAs(direct);
            for (int j = 0; j < direct.length; j++) {
                assertThat(expanded[j]).isCloseTo(direct[j], Offset.offset(1e-5f));
            }

            try (SamUnetPredictor predictor = new SamUnetPredictor(block, m)) {
                assertThatThrownBy(() -> predictor.predictBoxes(boxes))
                        .isInstanceOf(IllegalStateException.class);
                predictor.setImage(image.toFloatArray());
                float[][] first = predictor.predictBoxes(boxes);
                float[][] again = predictor.predictBoxes(new float[][] {boxes[1]});
                assertThat(first).hasDimensions(2, 64 * 64);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 64 * 64; j++) {
                        assertThat(first[i][j])
                                .isCloseTo(direct[i * 4096 + j], Offset.offset(1e-5f));
                    }
                }
                for (int j = 0; j < 64 * 64; j++) {
                    assertThat(again[0][j]).isCloseTo(first[1][j], Offset.offset(1e-4f));
                }
                predictor.resetImage();
                assertThat(predictor.isImageSet()).isFalse();
                assertThatThrownBy(() -> predictor.setImage(new float[10]))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("3x256x256");
            }
        }
    }
}
