package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole SAM-UNet (ResNet branch, fusion adapters, windowed/global ViT layers, bridges, neck,
 * embedding encoder, prompt encoder, HQ decoder) at a micro size vs the PyTorch reference in {@code
 * tools/samunet_goldens.py} ({@code golden_micro_model}). Weights are stored under <b>official</b>
 * state_dict keys and loaded through {@link WeightImporter}, so this also exercises {@link
 * SamUnetWeightNames} on a non-official configuration, BatchNorm buffers included.
 */
class GoldenMicroModelTest {

    /** Mirrors MICRO in tools/samunet_goldens.py. */
    static final SamUnetConfig MICRO =
            new SamUnetConfig(
                    256,
                    16,
                    16,
                    6,
                    2,
                    32,
                    14,
                    new int[] {1, 2, 4, 5},
                    16,
                    2,
                    32,
                    false,
                    4,
                    new int[] {4, 8, 8, 8},
                    new int[] {1, 1, 1, 1});

    /** Same integer formula as micro_image() in the script: ((7c + 13i + 29j) mod 97)/48.5 − 1. */
    static float[] microImage() {
        float[] img = new float[3 * 256 * 256];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 256; i++) {
                for (int j = 0; j < 256; j++) {
                    img[(c * 256 + i) * 256 + j] =
                            (float) (((c * 7 + i * 13 + j * 29) % 97) / 48.5 - 1.0);
                }
            }
        }
        return img;
    }

    /** Same as micro_mask(n) in the script: ((11b + 3i + 5j) mod 17)/8.5 − 1, shape [n,1,64,64]. */
    static float[] microMask(int n) {
        float[] mask = new float[n * 64 * 64];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 64; i++) {
                for (int j = 0; j < 64; j++) {
                    mask[(b * 64 + i) * 64 + j] =
                            (float) (((b * 11 + i * 3 + j * 5) % 17) / 8.5 - 1.0);
                }
            }
        }
        return mask;
    }

    @Test
    void microModelMatchesReferenceEndToEnd() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = new HashMap<>();
            NDList weights = new NDList();
            try (InputStream in =
                    getClass()
                            .getClassLoader()
                            .getResourceAsStream("samunet/golden_micro_model.safetensors")) {
                for (NDArray a : NDList.decode(m, in)) {
                    if (a.getName().startsWith("in.") || a.getName().startsWith("out.")) {
                        io.put(a.getName(), a);
                    } else {
                        weights.add(a);
                    }
                }
            }
            SamUnetBlock block = SamUnetBlock.forConfig(MICRO);
            block.initialize(
                    m,
                    DataType.FLOAT32,
                    new Shape(1, 3, 256, 256),
                    new Shape(1, 2, 2),
                    new Shape(1, 2));
            WeightImporter.Report report = WeightImporter.importList(block, weights);
            assertThat(report.loaded())
                    .isEqualTo(SamUnetWeightNames.forConfig(MICRO).officialToDjl().size());

            ParameterStore ps = new ParameterStore(m, false);
            NDArray image = m.create(microImage(), new Shape(1, 3, 256, 256));
            NDList enc = block.encode(ps, image, false);
            assertClose(enc.get(0), io.get("out.embeddings"), 1e-5);
            assertClose(enc.get(1), io.get("out.multiScale"), 1e-5);
            NDArray logits =
                    block.decode(
                            ps,
                            enc.get(0),
                            enc.get(1),
                            io.get("in.coords"),
                            io.get("in.labels"),
                            false);
            assertClose(logits, io.get("out.logits"), 1e-5);
            // mask prompt path: dense = mask_downscaling(mask)
            NDArray mask = m.create(microMask(2), new Shape(2, 1, 64, 64));
            NDArray withMask =
                    block.decode(
                            ps,
                            enc.get(0),
                            enc.get(1),
                            io.get("in.coords"),
                            io.get("in.labels"),
                            mask,
                            false);
            assertClose(withMask, io.get("out.logitsWithMask"), 1e-5);
            assertThat(withMask.sub(logits).abs().max().getFloat()).isGreaterThan(1e-3f);
        }
    }

    private static void assertClose(NDArray actual, NDArray expected, double tol) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float diff = actual.sub(expected).abs().max().getFloat();
        float scale = Math.max(1f, expected.abs().max().getFloat());
        System.out.printf(
                "micro golden %s: max|diff| %.3g (scale %.3g)%n", expected.getName(), diff, scale);
        assertThat((double) diff)
                .as("max |diff| vs %s", expected.getName())
                .isLessThanOrEqualTo(tol * scale);
    }
}
