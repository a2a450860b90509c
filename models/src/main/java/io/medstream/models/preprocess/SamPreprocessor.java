package io.medstream.models.preprocess;

import io.medstream.dicom.image.ScanImage;

/**
 * SAM-UNet input pipeline (docs/sam-unet.md §1) from modality values or grey levels to the model
 * tensor.
 *
 * <p>Steps and shapes:
 *
 * <ol>
 *   <li>{@link Windowing#toGrey}: modality values H×W → uint8 grey H×W;
 *   <li>{@link PilBilinearResize}: grey H×W → grey newH×newW (ResizeLongestSide, PIL antialiased
 *       bilinear, uint8);
 *   <li>grey → 3 channels (R = G = B) and {@code (x − mean[c]) / std[c]} in float;
 *   <li>zero pad bottom/right → CHW 3×256×256 (0 after normalisation = the mean colour).
 * </ol>
 *
 * Because the channels are identical before normalisation, the resize runs once on the grey image.
 */
public final class SamPreprocessor {

    /** ImageNet mean ×255, per RGB channel. */
    public static final float[] PIXEL_MEAN = {123.675f, 116.28f, 103.53f};

    /** ImageNet std ×255, per RGB channel. */
    public static final float[] PIXEL_STD = {58.395f, 57.12f, 57.375f};

    private final int target;

    /** SAM-UNet: 256×256 frame. */
    public SamPreprocessor() {
        this(ResizeGeometry.SAM_UNET_SIZE);
    }

    public SamPreprocessor(int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target must be positive: " + target);
        }
        this.target = target;
    }

    /**
     * Full pipeline from an image's modality values: {@link Windowing#toGrey} with its modality,
     * window and MONOCHROME1 flag, then {@link #fromGrey}.
     */
    public SamInput preprocess(ScanImage image) {
        return fromGrey(
                Windowing.toGrey(
                        image.values(), image.modality(), image.window(), image.monochrome1()),
                image.rows(),
                image.cols());
    }

    /**
     * Pipeline from an already windowed uint8 grey image.
     *
     * @param grey levels 0..255, rows×cols row-major
     */
    public SamInput fromGrey(int[] grey, int rows, int cols) {
        checkSize(grey.length, rows, cols);
        ResizeGeometry g = ResizeGeometry.longestSide(rows, cols, target);
        int[] resized =
                PilBilinearResize.resize(grey, rows, cols, g.resizedRows(), g.resizedCols());
        return new SamInput(normaliseAndPad(resized, g), g);
    }

    /**
     * Grey newH×newW → normalised CHW 3×target×target, zero outside rows [0,newH) × cols [0,newW).
     */
    float[] normaliseAndPad(int[] resized, ResizeGeometry g) {
        int plane = target * target;
        float[] chw = new float[3 * plane];
        int nh = g.resizedRows();
        int nw = g.resizedCols();
        for (int c = 0; c < 3; c++) {
            float mean = PIXEL_MEAN[c];
            float std = PIXEL_STD[c];
            int base = c * plane;
            for (int r = 0; r < nh; r++) {
                for (int x = 0; x < nw; x++) {
                    chw[base + r * target + x] = (resized[r * nw + x] - mean) / std;
                }
            }
        }
        return chw;
    }

    private static void checkSize(int length, int rows, int cols) {
        if (rows < 1 || cols < 1 || length != rows * cols) {
            throw new IllegalArgumentException(
                    "array length " + length + " does not match " + rows + "x" + cols);
        }
    }
}
