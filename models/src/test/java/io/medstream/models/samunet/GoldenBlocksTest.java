package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.medstream.models.samunet.common.LayerNorm2dBlock;
import io.medstream.models.samunet.common.UpsampleConv2x2Block;
import io.medstream.models.samunet.decoder.MedMaskDecoderBlock;
import io.medstream.models.samunet.decoder.TwoWayTransformerBlock;
import io.medstream.models.samunet.image.ResNetUnitBlock;
import io.medstream.models.samunet.image.VitLayerBlock;
import io.medstream.models.samunet.prompt.PromptEncoderBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small blocks with fixed random weights vs an independent PyTorch 1.13 reference. Fixtures: {@code
 * samunet/golden_*.safetensors}, produced by {@code /usr/bin/python3 tools/samunet_goldens.py
 * models/src/test/resources/samunet}; each holds the block's parameters under DJL names, inputs
 * {@code in.*} and expected outputs {@code out.*}.
 */
class GoldenBlocksTest {

    private static final double TOLERANCE = 1e-5;

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void upsampleConv2x2MatchesConvTranspose2d() throws IOException {
        Map<String, NDArray> g = load("golden_upsample_conv2x2.safetensors");
        UpsampleConv2x2Block block =
                UpsampleConv2x2Block.builder().setInChannels(6).setOutChannels(5).build();
        block.initialize(manager, DataType.FLOAT32, g.get("in.x").getShape());
        setAll(block, g, p -> false);
        NDArray y = block.forward(ps, new NDList(g.get("in.x")), false).singletonOrThrow();
        assertClose(y, g.get("out.y"));
    }

    @Test
    void layerNorm2dMatchesReference() throws IOException {
        Map<String, NDArray> g = load("golden_layernorm2d.safetensors");
        LayerNorm2dBlock block = LayerNorm2dBlock.builder().setChannels(7).build();
        block.initialize(manager, DataType.FLOAT32, g.get("in.x").getShape());
        setAll(block, g, p -> false);
        assertClose(
                block.forward(ps, new NDList(g.get("in.x")), false).singletonOrThrow(),
                g.get("out.y"));
    }

    @Test
    void windowedVitLayerMatchesReference() throws IOException {
        vitLayer("golden_vit_window_layer.safetensors", 14);
    }

    @Test
    void globalVitLayerMatchesReference() throws IOException {
        vitLayer("golden_vit_global_layer.safetensors", 0);
    }

    private void vitLayer(String file, int window) throws IOException {
        Map<String, NDArray> g = load(file);
        VitLayerBlock block =
                VitLayerBlock.builder()
                        .setDim(16)
                        .setNumHeads(2)
                        .setMlpDim(32)
                        .setGridSize(16)
                        .optWindowSize(window)
                        .build();
        block.initialize(manager, DataType.FLOAT32, g.get("in.x").getShape());
        setAll(block, g, p -> false);
        NDArray y = block.forward(ps, new NDList(g.get("in.x")), false).singletonOrThrow();
        assertThat(y.getShape()).isEqualTo(new Shape(1, 16, 16, 16));
        assertClose(y, g.get("out.y"));
    }

    @Test
    void maskDecoderAndTransformerMatchReference() throws IOException {
        Map<String, NDArray> g = load("golden_mask_decoder.safetensors");
        MedMaskDecoderBlock decoder =
                MedMaskDecoderBlock.builder().setPromptDim(16).optNumHeads(2).optMlpDim(32).build();
        NDArray emb = g.get("in.embeddings");
        NDArray pe = g.get("in.pe");
        NDArray sparse = g.get("in.sparse");
        NDArray dense = g.get("in.dense");
        NDArray ms = g.get("in.multiScale");
        decoder.initialize(
                manager,
                DataType.FLOAT32,
                emb.getShape(),
                pe.getShape(),
                sparse.getShape(),
                dense.getShape(),
                ms.getShape());
        setAll(decoder, g, p -> false);
        NDArray logits =
                decoder.forward(ps, new NDList(emb, pe, sparse, dense, ms), false)
                        .singletonOrThrow();
        assertThat(logits.getShape()).isEqualTo(new Shape(3, 1, 16, 16));
        assertThat(
                        decoder.getOutputShapes(
                                        new Shape[] {
                                            emb.getShape(), pe.getShape(), sparse.getShape()
                                        })[0])
                .isEqualTo(logits.getShape());
        assertClose(logits, g.get("out.logits"));

        // the two-way transformer alone: hs for tokens = concat(med_token, sparse)
        TwoWayTransformerBlock transformer =
                TwoWayTransformerBlock.builder()
                        .setEmbedDim(16)
                        .setNumHeads(2)
                        .setMlpDim(32)
                        .build();
        NDArray tokens =
                g.get("medToken")
                        .reshape(1, 1, 16)
                        .broadcast(new Shape(3, 1, 16))
                        .concat(sparse, 1);
        transformer.initialize(
                manager, DataType.FLOAT32, emb.getShape(), emb.getShape(), tokens.getShape());
        Map<String, NDArray> sub = new HashMap<>();
        g.forEach(
                (k, v) -> {
                    if (k.startsWith("01TwoWayTransformerBlock_")) {
                        sub.put(k.substring("01TwoWayTransformerBlock_".length()), v);
                    }
                });
        setAll(transformer, sub, p -> false);
        NDArray src = emb.add(dense);
        NDList out =
                transformer.forward(
                        ps, new NDList(src, pe.broadcast(src.getShape()), tokens), false);
        assertClose(out.get(0), g.get("out.hs"));
    }

    @Test
    void promptEncoderMatchesReference() throws IOException {
        Map<String, NDArray> g = load("golden_prompt_encoder.safetensors");
        PromptEncoderBlock block =
                PromptEncoderBlock.builder()
                        .setEmbedDim(16)
                        .optGridSize(4)
                        .optImageSize(256)
                        .build();
        NDArray coords = g.get("in.coords");
        NDArray labels = g.get("in.labels");
        block.initialize(manager, DataType.FLOAT32, coords.getShape(), labels.getShape());
        // mask_downscaling is not exercised by point/box prompts
        setAll(block, g, name -> name.startsWith("02SequentialBlock_"));
        NDList out = block.forward(ps, new NDList(coords, labels), false);
        assertClose(out.get(0), g.get("out.sparse"));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 16, 4, 4));
        // dense = no_mask_embed broadcast
        assertClose(out.get(1).get(":, :, 2, 3"), g.get("noMaskEmbed").broadcast(new Shape(2, 16)));
        assertClose(block.densePe(ps, manager, false), g.get("out.densePe"));
    }

    @Test
    void resnetBottleneckInEvalModeMatchesReference() throws IOException {
        Map<String, NDArray> g = load("golden_resnet_bottleneck.safetensors");
        ResNetUnitBlock block =
                ResNetUnitBlock.builder()
                        .setInChannels(8)
                        .setWidth(4)
                        .optStride(2)
                        .optBottleneck(true)
                        .build();
        block.initialize(manager, DataType.FLOAT32, g.get("in.x").getShape());
        setAll(block, g, p -> false);
        NDArray y = block.forward(ps, new NDList(g.get("in.x")), false).singletonOrThrow();
        assertThat(y.getShape())
                .isEqualTo(block.getOutputShapes(new Shape[] {g.get("in.x").getShape()})[0]);
        assertClose(y, g.get("out.y"));
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, NDArray> load(String file) throws IOException {
        try (InputStream in =
                GoldenBlocksTest.class.getClassLoader().getResourceAsStream("samunet/" + file)) {
            assertThat(in).as("fixture %s", file).isNotNull();
            Map<String, NDArray> out = new HashMap<>();
            for (NDArray a : NDList.decode(manager, in)) {
                out.put(a.getName(), a);
            }
            return out;
        }
    }

    /**
     * Sets every parameter of {@code block} from the fixture; fails if a parameter (unless {@code
     * allowedMissing}) or a fixture weight is left unused or shapes differ.
     */
    private static void setAll(
            Block block, Map<String, NDArray> g, Predicate<String> allowedMissing) {
        Set<String> used = new HashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray src = g.get(p.getKey());
            if (src == null) {
                assertThat(allowedMissing.test(p.getKey()))
                        .as("fixture lacks %s", p.getKey())
                        .isTrue();
                continue;
            }
            assertThat(src.getShape()).as(p.getKey()).isEqualTo(p.getValue().getArray().getShape());
            p.getValue().getArray().set(src.toFloatArray());
            used.add(p.getKey());
        }
        for (String k : g.keySet()) {
            if (!k.startsWith("in.") && !k.startsWith("out.")) {
                assertThat(used).as("fixture weight %s has no parameter", k).contains(k);
            }
        }
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float diff = actual.sub(expected).abs().max().getFloat();
        float scale = Math.max(1f, expected.abs().max().getFloat());
        assertThat((double) diff)
                .as("max |diff| (scale %s)", scale)
                .isLessThanOrEqualTo(TOLERANCE * scale);
    }
}
