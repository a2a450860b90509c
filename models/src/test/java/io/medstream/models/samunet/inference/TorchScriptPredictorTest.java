package io.medstream.models.samunet.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.samunet.SamUnetVariant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TorchScript load option against native weights on the same weights: a seeded fresh {@code
 * tiny} model is exported from Java, traced by {@code tools/samunet_torchscript_fixtures.py} (torch
 * 1.13 on Debian) and loaded into DJL's libtorch 2.7.1.
 *
 * <p>Tolerances. Both backends compute the same float32 function with different kernels (the Java
 * blocks use a reshape/matmul formulation, ConvTranspose as matmul + depth-to-space; TorchScript
 * the PyTorch ops), so they differ by accumulated rounding only: float32 epsilon 1.2e-7 times the
 * logit scale (|logit| ≲ 10 here) times a few hundred chained reductions gives ~1e-4 worst case. A
 * bound of 1e-3 leaves a 10× margin yet catches any real mistake (a wrong weight, a transposed
 * tensor or a misplaced token moves logits by O(0.1–1)). Masks can only differ where |logit| < 1e-3
 * after the bilinear upsampling, a thin set of pixels, hence IoU ≥ 0.99.
 */
class TorchScriptPredictorTest {

    static final float LOGIT_TOLERANCE = 1e-3f;
    static final double MIN_IOU = 0.99;

    /**
     * TorchScript in libtorch 2.7.1 against eager torch 1.13 on the same ops: only kernel-order
     * rounding.
     */
    static final float EAGER_TOLERANCE = 1e-4f;

    @TempDir static Path dir;

    static SamUnetPredictor model;

    @BeforeAll
    static void exportFixtures() throws IOException {
        model = SamUnetPredictor.fresh(SamUnetVariant.TINY, 7);
        String info = TorchScriptFixtures.export(model.block(), "tiny", dir);
        System.out.println("TorchScript fixtures: " + info.strip());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void torchScriptAndNativeBackendsAgreeOnBoxPromptsOfPhantoms() throws IOException {
        DisplayWindow w = new DisplayWindow(40, 400);
        List<ScanImage> images =
                List.of(
                        SamUnetPredictorTest.scan(
                                SamUnetPredictorTest.image(100, 160, 1), 100, 160, "CT", w, 0.5),
                        SamUnetPredictorTest.scan(
                                SamUnetPredictorTest.image(120, 90, 2),
                                120,
                                90,
                                "MR",
                                null,
                                Double.NaN));
        List<List<SegmentationPrompt>> prompts =
                List.of(
                        List.of(
                                SegmentationPrompt.box(30, 20, 130, 80),
                                SegmentationPrompt.box(40, 25, 120, 75),
                                SegmentationPrompt.box(10, 10, 60, 50)),
                        List.of(
                                SegmentationPrompt.box(5, 5, 60, 90),
                                SegmentationPrompt.box(20, 30, 70, 100)));
        try (SamUnetPredictor ts =
                SamUnetPredictor.load(SamUnetPredictor.Options.torchScript(dir))) {
            assertThat(ts.isTorchScript()).isTrue();
            assertThat(model.isTorchScript()).isFalse();
            // warm-up: libtorch's profiling executor specialises the graph on the first calls
            ts.predictBatch(images, prompts);
            model.predictBatch(images, prompts);
            List<List<SegmentationOutput>> a = model.predictBatch(images, prompts);
            SamUnetPredictor.Timings tn = model.lastTimings();
            List<List<SegmentationOutput>> b = ts.predictBatch(images, prompts);
            SamUnetPredictor.Timings tt = ts.lastTimings();

            assertThat(b).hasSameSizeAs(a);
            float maxAbs = 0;
            double minIou = 1;
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).hasSameSizeAs(a.get(i));
                for (int p = 0; p < a.get(i).size(); p++) {
                    SegmentationOutput x = a.get(i).get(p);
                    SegmentationOutput y = b.get(i).get(p);
                    assertThat(y.rows()).isEqualTo(x.rows());
                    assertThat(y.cols()).isEqualTo(x.cols());
                    assertThat(y.lowResLogits()).hasSize(64 * 64);
                    maxAbs = Math.max(maxAbs, maxAbsDiff(x.lowResLogits(), y.lowResLogits()));
                    minIou = Math.min(minIou, iou(x.mask(), y.mask()));
                    assertThat(Double.isNaN(y.areaMm2())).isEqualTo(Double.isNaN(x.areaMm2()));
                }
            }
            System.out.printf(
                    "native vs TorchScript: low-res logits max |diff| %.3g, min mask IoU %.5f%n"
                            + "  native      %s%n  TorchScript %s%n",
                    maxAbs, minIou, tn, tt);
            assertThat(maxAbs).isLessThanOrEqualTo(LOGIT_TOLERANCE);
            assertThat(minIou).isGreaterThanOrEqualTo(MIN_IOU);
            assertThat(tt.images()).isEqualTo(2);
            assertThat(tt.prompts()).isEqualTo(5);
            assertThat(tt.preprocessMs()).isPositive();
        }
    }

    @Test
    void torchScriptAndNativeBackendsMatchTheEagerPyTorchReference() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                InputStream in = Files.newInputStream(dir.resolve("reference.npz"));
                SamUnetPredictor ts =
                        SamUnetPredictor.load(
                                SamUnetPredictor.Options.torchScript(
                                        dir.resolve(SamUnetPredictor.ENCODER_FILE),
                                        dir.resolve(SamUnetPredictor.DECODER_FILE)))) {
            NDList ref = NDList.decode(m, in);
            NDArray image = named(ref, "image"); // [1,3,256,256]
            NDArray coords = named(ref, "point_coords"); // [2,2,2]
            NDArray labels = named(ref, "point_labels"); // [2,2]

            NDList enc = ts.encodeImages(image);
            NDArray logits = ts.decode(enc.get(0), enc.get(1), coords, labels);
            float tsEmb = maxAbsDiff(enc.get(0), named(ref, "image_embeddings"));
            float tsMs = maxAbsDiff(enc.get(1), named(ref, "multi_scale"));
            float tsLogits = maxAbsDiff(logits, named(ref, "low_res_logits"));

            float[] nat =
                    model.exclusive(
                            () -> {
                                NDList e = model.encodeImages(image);
                                NDArray l = model.decode(e.get(0), e.get(1), coords, labels);
                                return new float[] {
                                    maxAbsDiff(e.get(0), named(ref, "image_embeddings")),
                                    maxAbsDiff(e.get(1), named(ref, "multi_scale")),
                                    maxAbsDiff(l, named(ref, "low_res_logits")),
                                    maxAbsDiff(l, logits)
                                };
                            });
            System.out.printf(
                    "vs eager torch 1.13: TorchScript/libtorch emb %.3g ms %.3g logits %.3g;"
                            + " native DJL emb %.3g ms %.3g logits %.3g; native vs TorchScript logits %.3g%n",
                    tsEmb, tsMs, tsLogits, nat[0], nat[1], nat[2], nat[3]);
            assertThat(Math.max(tsEmb, Math.max(tsMs, tsLogits)))
                    .isLessThanOrEqualTo(EAGER_TOLERANCE);
            assertThat(Math.max(nat[0], Math.max(nat[1], nat[2])))
                    .isLessThanOrEqualTo(LOGIT_TOLERANCE);
        }
    }

    private static NDArray named(NDList list, String name) {
        NDArray a = list.get(name);
        if (a == null) {
            throw new IllegalStateException(
                    "reference.npz has no " + name + " among " + list.getShapes());
        }
        return a;
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return maxAbsDiff(a.toFloatArray(), b.toFloatArray());
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** |a ∧ b| / |a ∨ b|; two empty masks agree perfectly. */
    static double iou(boolean[] a, boolean[] b) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }
}
