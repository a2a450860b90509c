package io.medstream.models.samunet.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.SamUnetVariant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The predictor against direct encode/decode on a random tiny model, and its bookkeeping. */
class SamUnetPredictorTest {

    /** A test image without DICOM identity: square pixels of {@code spacingMm}, NaN = unknown. */
    static ScanImage scan(
            double[] v, int rows, int cols, String modality, DisplayWindow w, double spacingMm) {
        PixelSpacingMm spacing =
                Double.isNaN(spacingMm) ? null : new PixelSpacingMm(spacingMm, spacingMm);
        return new ScanImage(v, rows, cols, modality, w, false, spacing, null, null, 0);
    }

    static double[] image(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double dr = (r - rows / 2.0) / (rows / 3.0);
                double dc = (c - cols / 2.0) / (cols / 3.0);
                v[r * cols + c] = (dr * dr + dc * dc < 1 ? 60 : -900) + 10 * rng.nextGaussian();
            }
        }
        return v;
    }

    @Test
    void boxAndPointPromptsMatchDirectDecodingAndBatchingIsTransparent() {
        try (SamUnetPredictor seg = SamUnetPredictor.fresh(SamUnetVariant.TINY, 21)) {
            int rows = 100;
            int cols = 160;
            double[] v = image(rows, cols, 1);
            DisplayWindow w = new DisplayWindow(40, 400);
            List<SegmentationPrompt> prompts =
                    List.of(
                            SegmentationPrompt.box(30, 20, 130, 80),
                            new SegmentationPrompt(
                                    new double[] {10, 10, 60, 50},
                                    List.of(new SegmentationPrompt.Point(30, 30, true))),
                            SegmentationPrompt.points(
                                    List.of(
                                            new SegmentationPrompt.Point(80, 50, true),
                                            new SegmentationPrompt.Point(5, 5, false))),
                            SegmentationPrompt.box(40, 25, 120, 75));
            ScanImage image = scan(v, rows, cols, "CT", w, 0.5);
            List<SegmentationOutput> outs = seg.predict(image, prompts);
            assertThat(outs).hasSize(4);

            // direct path for prompt 1: tokens = point (label 1) then the box corners (2, 3)
            SamInput in = new SamPreprocessor().preprocess(image);
            double s = in.geometry().scale();
            float[] direct;
            try (NDManager m = seg.parameters().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDList enc =
                        seg.block()
                                .encode(ps, m.create(in.chw(), new Shape(1, 3, 256, 256)), false);
                double[] b = in.geometry().transformBox(new double[] {10, 10, 60, 50});
                NDArray coords =
                        m.create(
                                new float[] {
                                    (float) (30 * in.geometry().resizedCols() / (double) cols),
                                    (float) (30 * in.geometry().resizedRows() / (double) rows),
                                    (float) b[0],
                                    (float) b[1],
                                    (float) b[2],
                                    (float) b[3]
                                },
                                new Shape(1, 3, 2));
                NDArray labels = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
                direct =
                        seg.block()
                                .decode(ps, enc.get(0), enc.get(1), coords, labels, false)
                                .toFloatArray();
            }
            assertThat(s).isGreaterThan(0);
            for (int i = 0; i < direct.length; i++) {
                assertThat(outs.get(1).lowResLogits()[i]).isCloseTo(direct[i], offset(1e-4f));
            }

            for (int p = 0; p < outs.size(); p++) {
                SegmentationOutput o = outs.get(p);
                assertThat(o.rows()).isEqualTo(rows);
                assertThat(o.cols()).isEqualTo(cols);
                assertThat(o.mask()).hasSize(rows * cols);
                assertThat(o.lowResLogits()).hasSize(64 * 64);
                assertThat(o.stabilityScore()).isBetween(0f, 1f);
                long area = 0;
                for (boolean b : o.mask()) {
                    area += b ? 1 : 0;
                }
                assertThat(o.areaPixels()).isEqualTo(area);
                assertThat(o.areaMm2()).isCloseTo(area * 0.25, offset(1e-9));
                // box prompts are confined to their box by default (pixel centres inside
                // [x0,x1]×[y0,y1])
                boolean[] expected =
                        MaskPostprocessor.lowResLogitsToMask(
                                o.lowResLogits(), 64, 64, in.geometry());
                double[] box = prompts.get(p).box();
                for (int k = 0; box != null && k < expected.length; k++) {
                    expected[k] &= MaskPostprocessor.insideBox(k / cols, k % cols, box);
                }
                assertThat(o.mask()).isEqualTo(expected);
            }
            // without the constraint the same prompt keeps what lies outside its box
            SegmentationPrompt loose = prompts.get(0).withConfineToBox(false);
            assertThat(loose.confinesMask()).isFalse();
            assertThat(prompts.get(0).confinesMask()).isTrue();
            assertThat(prompts.get(2).confinesMask()).isFalse(); // points only
            SegmentationOutput raw =
                    seg.predict(scan(v, rows, cols, "CT", w, 0.5), List.of(loose)).get(0);
            assertThat(raw.mask())
                    .isEqualTo(
                            MaskPostprocessor.lowResLogitsToMask(
                                    raw.lowResLogits(), 64, 64, in.geometry()));

            // batching: two images in one encoder batch give the single-image results
            double[] v2 = image(120, 90, 2);
            List<List<SegmentationOutput>> batch =
                    seg.predictBatch(
                            List.of(
                                    scan(v, rows, cols, "CT", w, Double.NaN),
                                    scan(v2, 120, 90, "MR", null, 1.0)),
                            List.of(prompts, List.of(SegmentationPrompt.box(5, 5, 60, 90))));
            assertThat(seg.lastTimings().images()).isEqualTo(2);
            assertThat(seg.lastTimings().prompts()).isEqualTo(5);
            for (int p = 0; p < 4; p++) {
                for (int i = 0; i < 4096; i++) {
                    assertThat(batch.get(0).get(p).lowResLogits()[i])
                            .isCloseTo(outs.get(p).lowResLogits()[i], offset(2e-3f));
                }
            }
            assertThat(batch.get(0).get(0).areaMm2()).isNaN();
            List<SegmentationOutput> single =
                    seg.predict(
                            scan(v2, 120, 90, "MR", null, 1.0),
                            List.of(SegmentationPrompt.box(5, 5, 60, 90)));
            for (int i = 0; i < 4096; i++) {
                assertThat(batch.get(1).get(0).lowResLogits()[i])
                        .isCloseTo(single.get(0).lowResLogits()[i], offset(2e-3f));
            }
            assertThatThrownBy(() -> seg.predict(scan(v, rows, cols, "CT", w, 1), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void stabilityScoreIsTheIouOfTheOffsetThresholds() {
        float[] logits = {-2f, -0.5f, 0.5f, 1.5f, 3f, -1.5f};
        SegmentationOutput o =
                SegmentationOutput.fromLogits(
                        logits, 2, 3, new float[] {0f, 1f}, 4.0); // 2 mm × 2 mm pixels
        // > +1: {1.5, 3} = 2; > −1: {−0.5, 0.5, 1.5, 3} = 4
        assertThat(o.stabilityScore()).isEqualTo(0.5f);
        assertThat(o.areaPixels()).isEqualTo(3);
        assertThat(o.areaMm2()).isEqualTo(12.0);
        assertThat(o.logitMean()).isEqualTo(0.5f);
        assertThat(
                        SegmentationOutput.fromLogits(
                                        new float[] {-5f}, 1, 1, new float[] {-5f}, Double.NaN)
                                .stabilityScore())
                .isZero();
    }
}
