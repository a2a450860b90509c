package io.medstream.models.phantom;

/**
 * Rotated ellipse in pixel-centre coordinates. {@code angle} rotates the row-radius axis towards the column axis,
 * in radians.
 *
 * @param cy    centre row
 * @param cx    centre column
 * @param ry    semi-axis along the (unrotated) row direction, pixels
 * @param rx    semi-axis along the (unrotated) column direction, pixels
 * @param angle rotation in radians
 */
record Ellipse(double cy, double cx, double ry, double rx, double angle) {

    /** True when the centre of pixel (r, c) lies inside or on the ellipse. */
    boolean contains(int r, int c) {
        double dy = r - cy;
        double dx = c - cx;
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double u = dy * cos - dx * sin;
        double v = dy * sin + dx * cos;
        return (u * u) / (ry * ry) + (v * v) / (rx * rx) <= 1.0;
    }

    /** Inclusive pixel bounding box {minRow, minCol, maxRow, maxCol} of the ellipse, clipped to the image. */
    int[] bounds(int rows, int columns) {
        double ext = Math.max(ry, rx);
        return new int[] {
            Math.max(0, (int) Math.floor(cy - ext)),
            Math.max(0, (int) Math.floor(cx - ext)),
            Math.min(rows - 1, (int) Math.ceil(cy + ext)),
            Math.min(columns - 1, (int) Math.ceil(cx + ext))
        };
    }

    /** Longest diameter (major axis) in pixels. */
    double majorAxis() {
        return 2.0 * Math.max(ry, rx);
    }
}
