package io.medstream.models.report.drafter;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.preprocess.PilBilinearResize;
import io.medstream.models.preprocess.Windowing;

/**
 * The drafter's and scorer's input: 2 channels × {@value #SIZE} × {@value #SIZE}, values in [0,1].
 *
 * <p>Channel 0 is the slice as the viewer shows it ({@link Windowing#toGrey}: the slice's
 * soft-tissue window for CT, robust min–max for MR). Channel 1 is a lung window (centre −600 HU,
 * width 1500 HU) for CT, because lung lesions differ from lung by only 25–70 HU and vanish in the
 * soft-tissue window; for MR channel 1 repeats channel 0. Both are resized to 64×64 with the
 * PIL-exact bilinear filter.
 */
public final class DrafterInput {

    public static final int SIZE = 64;
    public static final int CHANNELS = 2;
    private static final DisplayWindow LUNG_WINDOW = new DisplayWindow(-600.0, 1500.0);

    private DrafterInput() {}

    /** Model input of an image: {@link #of(double[], int, int, String, DisplayWindow, boolean)}. */
    public static float[] of(ScanImage image) {
        return of(
                image.values(),
                image.rows(),
                image.cols(),
                image.modality(),
                image.window(),
                image.monochrome1());
    }

    /**
     * Model input (2 × {@value #SIZE} × {@value #SIZE}, values in [0,1]) of any single-frame image.
     *
     * <p>Channel 0 is {@link Windowing#toGrey}: for CT the given window, or the CT soft-tissue
     * default 40/400 when {@code window} is null (as in the SAM-UNet preprocessing); every other
     * modality ignores the window and uses the robust min–max. Channel 1 is the lung window for CT
     * (MONOCHROME1 mirrored about its centre like channel 0) and a copy of channel 0 for every
     * other modality. Any size is accepted: PIL's bilinear filter up- or down-samples to 64×64, so
     * a 512×512 slice, a 64×80 one and a 1×1 image (a constant input) all give 8192 floats.
     *
     * @param values modality values (stored·slope + intercept; HU for CT), rows×cols row-major
     * @param modality DICOM Modality, e.g. "CT", "MR"; null counts as not CT
     * @param window display window from the DICOM tags, nullable
     * @param monochrome1 PhotometricInterpretation MONOCHROME1 (inverted before windowing)
     * @throws IllegalArgumentException when rows or cols is not positive or values has not
     *     rows×cols entries
     */
    static float[] of(
            double[] values,
            int rows,
            int cols,
            String modality,
            DisplayWindow window,
            boolean monochrome1) {
        if (rows < 1 || cols < 1 || values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "need rows×cols values, got " + values.length + " for " + rows + "×" + cols);
        }
        int[] ch0 = Windowing.toGrey(values, modality, window, monochrome1);
        int[] ch1 =
                "CT".equalsIgnoreCase(modality)
                        ? Windowing.window(values, LUNG_WINDOW, monochrome1)
                        : ch0;
        float[] out = new float[CHANNELS * SIZE * SIZE];
        int[] r0 = PilBilinearResize.resize(ch0, rows, cols, SIZE, SIZE);
        int[] r1 = PilBilinearResize.resize(ch1, rows, cols, SIZE, SIZE);
        for (int i = 0; i < SIZE * SIZE; i++) {
            out[i] = r0[i] / 255f;
            out[SIZE * SIZE + i] = r1[i] / 255f;
        }
        return out;
    }
}
