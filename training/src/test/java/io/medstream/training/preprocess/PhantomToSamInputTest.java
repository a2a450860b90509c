package io.medstream.training.preprocess;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.MaskPostprocessorTest;
import io.medstream.models.preprocess.PilBilinearResize;
import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.vocabulary.Modality;
import io.medstream.phantom.LesionFinding;
import io.medstream.phantom.Mask;
import io.medstream.phantom.PhantomConfig;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phantom slices through the SAM-UNet input pipeline and back: masks and boxes survive the
 * geometry.
 */
class PhantomToSamInputTest {

    private static final int T = 256;

    @Test
    void phantomMasksSurviveForwardResizeAndInverseMapping() {
        // 384×320 so that the resize is a real (non-integer) downscale: 256×213
        PhantomGenerator gen = new PhantomGenerator(PhantomConfig.defaults().withSize(384, 320));
        SamPreprocessor pre = new SamPreprocessor();
        int checked = 0;
        for (int i = 0; i < 6; i++) {
            PhantomSlice s = gen.generate(31L, i);
            DisplayWindow w =
                    s.modality() == Modality.CT
                            ? new DisplayWindow(s.windowCenter(), s.windowWidth())
                            : null;
            SamInput in =
                    pre.preprocess(
                            new ScanImage(
                                    s.modalityValues(),
                                    s.rows(),
                                    s.columns(),
                                    s.modality().name(),
                                    w,
                                    false,
                                    null,
                                    null,
                                    null,
                                    0));
            ResizeGeometry g = in.geometry();
            assertThat(in.chw()).hasSize(3 * T * T);
            assertThat(g.resizedRows()).isEqualTo(256);
            assertThat(g.resizedCols()).isEqualTo(213);
            // padding columns are zero in every channel
            for (int c = 0; c < 3; c++) {
                assertThat(in.chw()[c * T * T + 100 * T + 250]).isZero();
            }
            for (Map.Entry<String, Mask> e : s.masks().entrySet()) {
                Mask m = e.getValue();
                if (m.area() < 300) {
                    continue;
                }
                boolean[] back = roundTrip(m, g);
                assertThat(MaskPostprocessorTest.dice(m.toArray(), back))
                        .as("%s in %s", e.getKey(), s)
                        .isGreaterThan(0.95);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void lesionBoxesMapOntoTheResizedLesion() {
        PhantomGenerator gen = new PhantomGenerator(PhantomConfig.defaults().withSize(384, 320));
        int checked = 0;
        for (int i = 0; i < 20; i++) {
            PhantomSlice s = gen.generate(32L, i);
            ResizeGeometry g = ResizeGeometry.samUnet(s.rows(), s.columns());
            for (LesionFinding f : s.findings()) {
                double[] box =
                        g.transformBox(
                                new double[] {
                                    f.minCol(), f.minRow(), f.maxCol() + 1, f.maxRow() + 1
                                });
                // centroid (pixel centre) mapped with the same per-axis ratios lies inside the
                // mapped box
                double cx = (f.centroidCol() + 0.5) * g.resizedCols() / s.columns();
                double cy = (f.centroidRow() + 0.5) * g.resizedRows() / s.rows();
                assertThat(cx).isBetween(box[0], box[2]);
                assertThat(cy).isBetween(box[1], box[3]);
                assertThat(box[2]).isLessThanOrEqualTo(g.resizedCols());
                assertThat(box[3]).isLessThanOrEqualTo(g.resizedRows());
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    private static boolean[] roundTrip(Mask m, ResizeGeometry g) {
        boolean[] bits = m.toArray();
        int[] grey = new int[bits.length];
        for (int i = 0; i < bits.length; i++) {
            grey[i] = bits[i] ? 255 : 0;
        }
        int[] resized =
                PilBilinearResize.resize(
                        grey, m.rows(), m.columns(), g.resizedRows(), g.resizedCols());
        float[] frame = new float[T * T];
        Arrays.fill(frame, -127.5f);
        for (int r = 0; r < g.resizedRows(); r++) {
            for (int c = 0; c < g.resizedCols(); c++) {
                frame[r * T + c] = resized[r * g.resizedCols() + c] - 127.5f;
            }
        }
        return MaskPostprocessor.frameLogitsToMask(frame, g);
    }
}
