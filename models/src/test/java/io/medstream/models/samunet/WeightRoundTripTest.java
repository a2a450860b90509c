package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.prompt.Prompts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** export → import on the tiny variant gives identical outputs; mismatched files are rejected. */
class WeightRoundTripTest {

    @Test
    void exportThenImportReproducesOutputs() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            SamUnetBlock source = SamUnetTestSupport.initRandom(SamUnetVariant.TINY, m);
            SamUnetBlock target = SamUnetTestSupport.initRandom(SamUnetVariant.TINY, m);
            NDArray image = m.randomNormal(new Shape(1, 3, 256, 256));
            NDList box = Prompts.boxes(m, new float[][] {{30, 40, 150, 200}, {10, 10, 60, 90}});
            ParameterStore ps = new ParameterStore(m, false);

            NDArray expected = logits(source, ps, image, box);
            assertThat(expected.getShape()).isEqualTo(new Shape(2, 1, 64, 64));
            // different random weights → different output, so the comparison below can fail
            assertThat(logits(target, ps, image, box).allClose(expected, 1e-3, 1e-3, false))
                    .isFalse();

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            WeightExporter.exportStream(source, bytes);
            WeightImporter.Report report =
                    WeightImporter.importStream(
                            target, new ByteArrayInputStream(bytes.toByteArray()));

            SamUnetWeightNames names = SamUnetWeightNames.forVariant(SamUnetVariant.TINY);
            assertThat(report.loaded()).isEqualTo(names.officialToDjl().size());
            assertThat(report.skipped()).containsExactlyInAnyOrderElementsOf(names.untrackedKeys());
            NDArray actual = logits(target, ps, image, box);
            assertThat(actual.sub(expected).abs().max().getFloat()).isEqualTo(0f);
        }
    }

    @Test
    void exportedFileUsesOfficialKeys() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.TINY, m);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            WeightExporter.exportStream(block, bytes);
            NDList decoded = NDList.decode(m, new ByteArrayInputStream(bytes.toByteArray()));
            Set<String> keys = decoded.stream().map(NDArray::getName).collect(Collectors.toSet());
            assertThat(keys)
                    .contains(
                            "image_encoder.sam_img_encoder.blocks.1.attn.rel_pos_h",
                            "resnet.stage0.1.num_batches_tracked",
                            "adapters_in.3.reshaper.0.weight",
                            "mask_decoder.med_token.weight");
            NDArray relPos =
                    decoded.stream()
                            .filter(
                                    a ->
                                            a.getName()
                                                    .equals(
                                                            "image_encoder.sam_img_encoder.blocks.1.attn.rel_pos_h"))
                            .findFirst()
                            .orElseThrow();
            // tiny: global layer 1 on the 16×16 grid, head dim 128/4 = 32 → [31, 32]
            assertThat(relPos.getShape()).isEqualTo(new Shape(31, 32));
        }
    }

    @Test
    void importRejectsMissingMisshapenAndUnknownKeys() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock tiny = SamUnetTestSupport.initZeros(SamUnetVariant.TINY, m);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            WeightExporter.exportStream(tiny, bytes);
            NDList decoded = NDList.decode(m, new ByteArrayInputStream(bytes.toByteArray()));
            // drop one tensor: reported as missing
            String dropped = "image_encoder.sam_img_encoder.pos_embed";
            NDList partial = new NDList();
            decoded.stream().filter(a -> !a.getName().equals(dropped)).forEach(partial::add);
            assertThatThrownBy(() -> WeightImporter.importList(tiny, partial))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("missing=[image_encoder.sam_img_encoder.pos_embed]");
            // partial files are accepted on request; the missing key is reported, the rest loaded
            WeightImporter.Report lenient = WeightImporter.importList(tiny, partial, true);
            assertThat(lenient.missing()).containsExactly(dropped);
            assertThat(lenient.loaded())
                    .isEqualTo(
                            SamUnetWeightNames.forVariant(SamUnetVariant.TINY)
                                            .officialToDjl()
                                            .size()
                                    - 1);
            // same key, wrong shape: reported as a shape mismatch
            NDArray wrong = m.zeros(new Shape(1, 8, 8, 128));
            wrong.setName(dropped);
            partial.add(wrong);
            assertThatThrownBy(() -> WeightImporter.importList(tiny, partial))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("shape mismatches=[" + dropped + " (1, 8, 8, 128)");
            // unknown key: reported as unexpected
            partial.remove(wrong);
            NDArray extra = m.zeros(new Shape(1, 16, 16, 128));
            extra.setName("image_encoder.pos_embed");
            partial.add(extra);
            assertThatThrownBy(() -> WeightImporter.importList(tiny, partial))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unexpected=[image_encoder.pos_embed]");
        }
    }

    private static NDArray logits(
            SamUnetBlock block, ParameterStore ps, NDArray image, NDList box) {
        NDList enc = block.encode(ps, image, false);
        return block.decode(ps, enc.get(0), enc.get(1), box.get(0), box.get(1), false);
    }
}
