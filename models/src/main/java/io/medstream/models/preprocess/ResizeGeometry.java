package io.medstream.models.preprocess;

/**
 * Geometry of SAM's {@code ResizeLongestSide(target)}: everything needed to map prompts forward and
 * masks back.
 *
 * <p>{@code scale = target / max(H, W)}; {@code newH = (int)(H·scale + 0.5)}, {@code newW =
 * (int)(W·scale + 0.5)} (exactly SAM's {@code get_preprocess_shape}, double arithmetic). The
 * resized image occupies rows {@code [0, newH)} and columns {@code [0, newW)} of the target×target
 * model frame; the rest is zero padding.
 *
 * @param originalRows H of the source image
 * @param originalCols W of the source image
 * @param resizedRows newH
 * @param resizedCols newW
 * @param scale target / max(H, W)
 * @param target side of the square model frame (256 for SAM-UNet)
 */
public record ResizeGeometry(
        int originalRows,
        int originalCols,
        int resizedRows,
        int resizedCols,
        double scale,
        int target) {

    /** SAM-UNet's input side. */
    public static final int SAM_UNET_SIZE = 256;

    public ResizeGeometry {
        if (originalRows < 1
                || originalCols < 1
                || resizedRows < 1
                || resizedCols < 1
                || resizedRows > target
                || resizedCols > target) {
            throw new IllegalArgumentException(
                    "inconsistent geometry "
                            + originalRows
                            + "x"
                            + originalCols
                            + " -> "
                            + resizedRows
                            + "x"
                            + resizedCols
                            + " in "
                            + target);
        }
    }

    /** {@code ResizeLongestSide(target).get_preprocess_shape(H, W)}. */
    public static ResizeGeometry longestSide(int rows, int cols, int target) {
        if (rows < 1 || cols < 1 || target < 1) {
            throw new IllegalArgumentException(
                    "sizes must be positive: " + rows + "x" + cols + " target " + target);
        }
        double scale = target * 1.0 / Math.max(rows, cols);
        int newRows = (int) (rows * scale + 0.5);
        int newCols = (int) (cols * scale + 0.5);
        return new ResizeGeometry(rows, cols, newRows, newCols, scale, target);
    }

    /** {@link #longestSide(int, int, int)} with target 256. */
    public static ResizeGeometry samUnet(int rows, int cols) {
        return longestSide(rows, cols, SAM_UNET_SIZE);
    }

    /**
     * Box prompt transform ({@code ResizeLongestSide.apply_boxes}): x·newW/W, y·newH/H, no
     * clamping.
     *
     * @param box {x0, y0, x1, y1} in original pixel coordinates
     * @return {x0', y0', x1', y1'} in model-frame coordinates
     */
    public double[] transformBox(double[] box) {
        if (box.length != 4) {
            throw new IllegalArgumentException(
                    "box must be {x0, y0, x1, y1}, got length " + box.length);
        }
        double sx = (double) resizedCols / originalCols;
        double sy = (double) resizedRows / originalRows;
        return new double[] {box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy};
    }
}
