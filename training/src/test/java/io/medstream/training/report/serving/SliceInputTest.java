package io.medstream.training.report.serving;

import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.report.drafter.DrafterInput;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.training.report.corpus.StudyImages;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generalised model input: same floats as the phantom path, any size, any modality. */
class SliceInputTest {

    private static final int N = DrafterInput.CHANNELS * DrafterInput.SIZE * DrafterInput.SIZE;

    /** An image without DICOM identity, for the model-input rules alone. */
    private static float[] input(
            double[] v, int rows, int cols, String modality, DisplayWindow w, boolean mono) {
        return DrafterInput.of(
                new ScanImage(v, rows, cols, modality, w, mono, null, null, null, 0));
    }

    @Test
    void aPhantomReadBackFromItsDicomGivesTheTrainingInputBitForBitForCtAndMr() {
        PhantomGenerator gen = new PhantomGenerator(StudyImages.PHANTOM_CONFIG);
        boolean sawCt = false;
        boolean sawMr = false;
        for (int i = 0; i < 12; i++) {
            PhantomSlice s = gen.generate(StudyImages.TEST_SEED, i);
            float[] phantom = StudyImages.toInput(s);
            ScanImage read = ScanImage.middleFrame(DicomReader.read(PhantomDicom.encode(s)));
            float[] general = DrafterInput.of(read);
            // Arrays.equals(float[]) compares floatToIntBits: bit identity, not approximate
            // equality
            assertThat(Arrays.equals(phantom, general))
                    .as("slice %d (%s)", i, s.modality())
                    .isTrue();
            sawCt |= s.modality().name().equals("CT");
            sawMr |= s.modality().name().equals("MR");
        }
        assertThat(sawCt && sawMr).as("both modalities covered").isTrue();
    }

    @Test
    void anySizeGivesTheModelInputShape() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] size : new int[][] {{512, 512}, {64, 80}, {80, 64}, {1, 1}, {3, 1000}}) {
            double[] v = new double[size[0] * size[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble(-1000, 1000);
            }
            for (String modality : new String[] {"CT", "MR", "CR", "OT"}) {
                float[] in = input(v, size[0], size[1], modality, null, false);
                assertThat(in).hasSize(N);
                for (float f : in) {
                    assertThat(f).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void constantAndTinyImagesAreDefined() {
        // CT 1×1 at 40 HU: soft tissue window 40/400 → grey 128 everywhere; lung window −600/1500 →
        // (40+1350)/1500
        float[] ct = input(new double[] {40.0}, 1, 1, "CT", null, false);
        assertThat(ct[0]).isEqualTo(128 / 255f);
        assertThat(ct[N - 1])
                .isEqualTo((float) Math.floor((40.0 + 1350.0) / 1500.0 * 255 + 0.5) / 255f);
        // MR (and any non-CT) constant: robust min–max has no contrast → zeros; channel 1 repeats
        // channel 0
        float[] mr = input(new double[] {7.0}, 1, 1, "MR", null, false);
        assertThat(mr).containsOnly(0f);
    }

    @Test
    void ctWithoutWindowUsesSoftTissueAndOtherModalitiesIgnoreTheWindow() {
        PhantomSlice s =
                new PhantomGenerator(StudyImages.PHANTOM_CONFIG).generate(StudyImages.TEST_SEED, 0);
        double[] v = s.modalityValues();
        assertThat(input(v, s.rows(), s.columns(), "CT", null, false))
                .containsExactly(
                        input(v, s.rows(), s.columns(), "CT", DisplayWindow.CT_SOFT_TISSUE, false));
        assertThat(input(v, s.rows(), s.columns(), "MR", new DisplayWindow(0, 10), false))
                .containsExactly(input(v, s.rows(), s.columns(), "MR", null, false));
        float[] mr = input(v, s.rows(), s.columns(), "MR", null, false);
        int half = N / 2;
        assertThat(Arrays.copyOfRange(mr, half, N))
                .containsExactly(Arrays.copyOfRange(mr, 0, half));
    }

    @Test
    void monochrome1IsInvertedBeforeWindowing() {
        double[] ramp = new double[64 * 64];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = -1000 + 2000.0 * (i % 64) / 63;
        }
        float[] m2 = input(ramp, 64, 64, "CT", null, false);
        float[] m1 = input(ramp, 64, 64, "CT", null, true);
        for (int i = 0; i < N; i++) {
            // 64→64 is an identity resize; the mirror equals 255 − g up to the rounding of exact
            // half levels
            assertThat(m1[i] + m2[i]).isCloseTo(1f, Offset.offset(1.5f / 255));
        }
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> input(new double[6], 2, 2, "CT", null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> input(new double[0], 0, 0, "CT", null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new ScanImage(
                                        new double[5],
                                        2,
                                        2,
                                        "CT",
                                        null,
                                        false,
                                        null,
                                        null,
                                        null,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 for 2×2");
    }
}
