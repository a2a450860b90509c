package io.medstream.models.report.corpus;

import io.medstream.models.phantom.PhantomConfig;
import io.medstream.models.phantom.PhantomGenerator;
import io.medstream.models.phantom.PhantomSlice;
import io.medstream.models.preprocess.DisplayWindow;
import io.medstream.models.preprocess.PilBilinearResize;
import io.medstream.models.preprocess.Windowing;

import java.util.ArrayList;
import java.util.List;

/**
 * Phantom slices → model input, and the seeded data splits of the report models.
 *
 * <p>Input: 2 channels × 64 × 64, values in [0,1]. Channel 0 is the slice as the viewer shows it
 * ({@link Windowing#toGrey}: the slice's soft-tissue window for CT, robust min–max for MR). Channel 1 is a lung
 * window (centre −600 HU, width 1500 HU) for CT, because lung lesions differ from lung by only 25–70 HU and vanish in
 * the soft-tissue window; for MR channel 1 repeats channel 0. Both are resized 256→64 with the PIL-exact bilinear
 * filter.
 *
 * <p>Phantoms: {@link #PHANTOM_CONFIG} is the default phantom with lesions of 6–40 mm instead of 3–40 mm: a 3 mm lesion
 * is under one pixel at 64×64, so no model at this input size could report it, and recall would measure the
 * input size rather than the drafter.
 */
public final class StudyImages {

    public static final int SIZE = 64;
    public static final int CHANNELS = 2;
    public static final PhantomConfig PHANTOM_CONFIG = PhantomConfig.defaults().withLesionSizeRangeMm(6.0, 40.0);
    private static final DisplayWindow LUNG_WINDOW = new DisplayWindow(-600.0, 1500.0);

    /** Training phantoms: generator seed. */
    public static final long TRAIN_SEED = 1001L;
    /** Validation phantoms (calibration fitting, early checks): generator seed. */
    public static final long VALIDATION_SEED = 2002L;
    /** Held-out evaluation phantoms: default generator seed, disjoint from the two above. */
    public static final long TEST_SEED = 3003L;

    private StudyImages() {
    }

    /** Model input of a phantom slice: {@link #toInput(double[], int, int, String, DisplayWindow, boolean)}. */
    public static float[] toInput(PhantomSlice slice) {
        return toInput(slice.modalityValues(), slice.rows(), slice.columns(), slice.modality().name(),
                new DisplayWindow(slice.windowCenter(), slice.windowWidth()), false);
    }

    /**
     * Model input (2 × {@value #SIZE} × {@value #SIZE}, values in [0,1]) of any single-frame image.
     *
     * <p>Channel 0 is {@link Windowing#toGrey}: for CT the given window, or the CT soft-tissue default 40/400 when
     * {@code window} is null (as in the SAM-UNet preprocessing); every other modality ignores the window and uses
     * the robust min–max. Channel 1 is the lung window for CT (MONOCHROME1 mirrored about its centre like channel
     * 0) and a copy of channel 0 for every other modality. Any size is accepted: PIL's bilinear filter up- or
     * down-samples to 64×64, so a 512×512 slice, a 64×80 one and a 1×1 image (a constant input) all give 8192
     * floats.
     *
     * @param values      modality values (stored·slope + intercept; HU for CT), rows×cols row-major
     * @param modality    DICOM Modality, e.g. "CT", "MR"; null counts as not CT
     * @param window      display window from the DICOM tags, nullable
     * @param monochrome1 PhotometricInterpretation MONOCHROME1 (inverted before windowing)
     * @throws IllegalArgumentException when rows or cols is not positive or values has not rows×cols entries
     */
    public static float[] toInput(double[] values, int rows, int cols, String modality, DisplayWindow window,
                                  boolean monochrome1) {
        if (rows < 1 || cols < 1 || values.length != (long) rows * cols) {
            throw new IllegalArgumentException("need rows×cols values, got " + values.length + " for " + rows + "×"
                    + cols);
        }
        int[] ch0 = Windowing.toGrey(values, modality, window, monochrome1);
        int[] ch1 = "CT".equalsIgnoreCase(modality) ? Windowing.window(values, LUNG_WINDOW, monochrome1) : ch0;
        float[] out = new float[CHANNELS * SIZE * SIZE];
        int[] r0 = PilBilinearResize.resize(ch0, rows, cols, SIZE, SIZE);
        int[] r1 = PilBilinearResize.resize(ch1, rows, cols, SIZE, SIZE);
        for (int i = 0; i < SIZE * SIZE; i++) {
            out[i] = r0[i] / 255f;
            out[SIZE * SIZE + i] = r1[i] / 255f;
        }
        return out;
    }

    /** Example {@code index} of generator seed {@code seed}; its reference report's paraphrases are seeded too. */
    public static StudyExample example(PhantomGenerator gen, long seed, int index) {
        PhantomSlice s = gen.generate(seed, index);
        List<String> ref = ReportRenderer.render(s.modality(), s.region(), s.findings(), seed * 1_000_003L + index);
        return new StudyExample(seed, index, toInput(s), StudyTruth.of(s), ref, s.studyInstanceUid(),
                s.seriesInstanceUid(), s.sopInstanceUid());
    }

    /** Examples {@code first .. first+count-1} of seed {@code seed}. */
    public static List<StudyExample> examples(long seed, int first, int count) {
        PhantomGenerator gen = new PhantomGenerator(PHANTOM_CONFIG);
        List<StudyExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(example(gen, seed, first + i));
        }
        return out;
    }
}
