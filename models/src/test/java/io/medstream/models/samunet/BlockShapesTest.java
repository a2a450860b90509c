package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.common.Upscale4xBlock;
import io.medstream.models.samunet.image.FusionAdapterBlock;
import io.medstream.models.samunet.image.ImageEncoderVitBlock;
import io.medstream.models.samunet.image.ResNetBranchBlock;
import io.medstream.models.samunet.image.SamUnetImageEncoderBlock;
import io.medstream.models.samunet.prompt.PromptEncoderBlock;
import io.medstream.models.samunet.prompt.Prompts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Forward output shapes equal {@code getOutputShapes} and the spec's shapes (small inputs). */
class BlockShapesTest {

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(3);
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDList run(Block block, Shape... inputs) {
        block.initialize(manager, DataType.FLOAT32, inputs);
        NDList in = new NDList();
        for (Shape s : inputs) {
            in.add(manager.randomNormal(s));
        }
        NDList out = block.forward(ps, in, false);
        Shape[] expected = block.getOutputShapes(inputs);
        assertThat(out).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(out.get(i).getShape()).as("output %d", i).isEqualTo(expected[i]);
        }
        return out;
    }

    @Test
    void resnet34TapsAt256() {
        // official R34 widths and depths (only a forward on a 64×64 crop keeps it fast)
        ResNetBranchBlock r34 =
                ResNetBranchBlock.builder()
                        .setStem(64)
                        .setWidths(64, 128, 256, 512)
                        .setBlocks(3, 4, 6, 3)
                        .build();
        Shape[] taps = r34.getOutputShapes(new Shape[] {new Shape(1, 3, 256, 256)});
        assertThat(taps)
                .containsExactly(
                        new Shape(1, 64, 64, 64),
                        new Shape(1, 128, 32, 32),
                        new Shape(1, 256, 16, 16),
                        new Shape(1, 512, 8, 8));
        run(r34, new Shape(1, 3, 64, 64));
    }

    @Test
    void resnet50TapShapes() {
        ResNetBranchBlock r50 =
                ResNetBranchBlock.builder()
                        .setStem(64)
                        .setWidths(64, 128, 256, 512)
                        .setBlocks(3, 4, 6, 3)
                        .optBottleneck(true)
                        .build();
        assertThat(r50.getOutputShapes(new Shape[] {new Shape(2, 3, 256, 256)}))
                .containsExactly(
                        new Shape(2, 256, 64, 64),
                        new Shape(2, 512, 32, 32),
                        new Shape(2, 1024, 16, 16),
                        new Shape(2, 2048, 8, 8));
    }

    @Test
    void fusionAdaptersMapEveryTapToTheGrid() {
        // R34-like channels at reduced width (C, 2C, 4C, 8C) onto a 16×16 grid of width 24
        int[] channels = {8, 16, 32, 64};
        int[] sides = {64, 32, 16, 8};
        for (int k = 0; k < 4; k++) {
            NDList out =
                    run(
                            FusionAdapterBlock.forTap(k + 1, channels[k], 24),
                            new Shape(1, channels[k], sides[k], sides[k]));
            assertThat(out.head().getShape()).isEqualTo(new Shape(1, 24, 16, 16));
        }
        assertThatThrownBy(() -> FusionAdapterBlock.forTap(5, 8, 24))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bridgeAndUpscalingQuadrupleTheGrid() {
        NDList out =
                run(
                        Upscale4xBlock.builder().setChannels(24, 16, 4).build(),
                        new Shape(2, 24, 16, 16));
        assertThat(out.head().getShape()).isEqualTo(new Shape(2, 4, 64, 64));
        NDList gelu =
                run(
                        Upscale4xBlock.builder().setChannels(16, 4, 2).optFinalGelu(true).build(),
                        new Shape(1, 16, 4, 4));
        // exact GELU is bounded below by about −0.17
        assertThat(gelu.head().min().getFloat()).isGreaterThan(-0.2f);
    }

    @Test
    void plainVitEncoderNeckShape() {
        ImageEncoderVitBlock vit =
                ImageEncoderVitBlock.builder()
                        .setEmbedDim(32)
                        .setDepth(2)
                        .setNumHeads(2)
                        .optGlobalAttnIndexes(1)
                        .optOutChans(16)
                        .build();
        NDList out = run(vit, new Shape(1, 3, 256, 256));
        assertThat(out.head().getShape()).isEqualTo(new Shape(1, 16, 16, 16));
        assertThat(vit.layer(0).isWindowed()).isTrue();
        assertThat(vit.layer(1).isWindowed()).isFalse();
    }

    @Test
    void tinyImageEncoderGivesEmbeddingsAndMultiScaleFeature() {
        SamUnetConfig c = SamUnetVariant.TINY.config();
        NDList out =
                run(
                        SamUnetImageEncoderBlock.builder().setConfig(c).build(),
                        new Shape(2, 3, 256, 256));
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 128, 16, 16));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 16, 64, 64));
    }

    @Test
    void promptEncoderShapesAndMaskPath() {
        PromptEncoderBlock pe = PromptEncoderBlock.builder().setEmbedDim(32).build();
        NDList box =
                Prompts.boxes(
                        manager, new float[][] {{1, 2, 30, 40}, {5, 5, 9, 9}, {0, 0, 255, 255}});
        pe.initialize(manager, DataType.FLOAT32, box.get(0).getShape(), box.get(1).getShape());
        NDList out = pe.forward(ps, box, false);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 2, 32));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(3, 32, 16, 16));
        assertThat(
                        pe.embedMasks(ps, manager.randomNormal(new Shape(3, 1, 64, 64)), false)
                                .getShape())
                .isEqualTo(new Shape(3, 32, 16, 16));
        assertThat(pe.densePe(ps, manager, false).getShape()).isEqualTo(new Shape(1, 32, 16, 16));

        NDList points =
                Prompts.points(manager, new float[][] {{3, 4}, {50, 60}}, new float[] {1, 0});
        assertThat(points.get(0).getShape()).isEqualTo(new Shape(1, 3, 2));
        assertThat(points.get(1).toFloatArray()).containsExactly(1f, 0f, -1f);
    }

    @Test
    void tinyModelDecodesBoxesAndPointsToLowResLogits() {
        SamUnetBlock model = SamUnetTestSupport.initRandom(SamUnetVariant.TINY, manager);
        NDArray image = manager.randomNormal(new Shape(1, 3, 256, 256));
        NDList enc = model.encode(ps, image, false);
        NDList boxes =
                Prompts.boxes(
                        manager,
                        new float[][] {{10, 10, 100, 120}, {0, 0, 60, 60}, {5, 5, 250, 250}});
        NDArray logits =
                model.decode(ps, enc.get(0), enc.get(1), boxes.get(0), boxes.get(1), false);
        assertThat(logits.getShape()).isEqualTo(new Shape(3, 1, 64, 64));
        NDList points = Prompts.points(manager, new float[][] {{40, 40}}, new float[] {1});
        assertThat(
                        model.decode(
                                        ps,
                                        enc.get(0),
                                        enc.get(1),
                                        points.get(0),
                                        points.get(1),
                                        false)
                                .getShape())
                .isEqualTo(new Shape(1, 1, 64, 64));
        // decoding prompt by prompt equals decoding the batch
        NDArray second =
                model.decode(
                        ps,
                        enc.get(0),
                        enc.get(1),
                        boxes.get(0).get("1:2"),
                        boxes.get(1).get("1:2"),
                        false);
        assertThat(second.sub(logits.get("1:2")).abs().max().getFloat()).isLessThan(1e-4f);
        // full forward: image + prompts → logits
        NDArray fwd =
                model.forward(ps, new NDList(image, boxes.get(0), boxes.get(1)), false)
                        .singletonOrThrow();
        assertThat(fwd.sub(logits).abs().max().getFloat()).isEqualTo(0f);
        assertThatThrownBy(
                        () ->
                                model.decode(
                                        ps,
                                        enc.get(0).concat(enc.get(0)),
                                        enc.get(1).concat(enc.get(1)),
                                        boxes.get(0),
                                        boxes.get(1),
                                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 1 or equal");
    }
}
