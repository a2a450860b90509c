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

    /**
     * Model input (2 × {@value #SIZE} × {@value #SIZE}, values in [0,1]) of any single-frame image.
     *
     * <p>Channel 0 is {@link Windowing#toGrey}: for CT the image's window, or the CT soft-tissue
     * default 40/400 when it has none (as in the SAM-UNet preprocessing); every other modality
     * ignores the window and uses the robust min–max. Channel 1 is the lung window for CT
     * (MONOCHROME1 mirrored about its centre like channel 0) and a copy of channel 0 for every
     * other modality. Any size is accepted ({@link ScanImage} guarantees rows×cols values): PIL's
     * bilinear filter up- or down-samples to 64×64, so a 512×512 slice, a 64×80 one and a 1×1 image
     * (a constant input) all give 8192 floats.
     */
    public static float[] of(ScanImage image) {
        double[] values = image.values();
        int rows = image.rows();
        int cols = image.cols();
        String modality = image.modality();
        boolean monochrome1 = image.monochrome1();
        int[] ch0 = Windowing.toGrey(values, modality, image.window(), monochrome1);
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
