package io.medstream.phantom;

/**
 * Rotated ellipse in pixel-centre coordinates: centre (cy, cx), semi-axes ry (along the unrotated
 * row direction) and rx (along the unrotated column direction) in pixels, rotated by {@code angle}
 * radians.
 */
final class Ellipse {

    private final double cy;
    private final double cx;
    private final double ry;
    private final double rx;
    private final double cos;
    private final double sin;

    Ellipse(double cy, double cx, double ry, double rx, double angle) {
        if (!(ry > 0) || !(rx > 0)) {
            throw new IllegalArgumentException("semi-axes must be positive: " + ry + ", " + rx);
        }
        this.cy = cy;
        this.cx = cx;
        this.ry = ry;
        this.rx = rx;
        this.cos = StrictMath.cos(angle);
        this.sin = StrictMath.sin(angle);
    }

    double cy() {
        return cy;
    }

    double cx() {
        return cx;
    }

    double ry() {
        return ry;
    }

    double rx() {
        return rx;
    }

    /** True when the centre of pixel (r, c) lies inside or on the ellipse. */
    boolean contains(int r, int c) {
        double dy = r - cy;
        double dx = c - cx;
        double u = dy * cos - dx * sin;
        double v = dy * sin + dx * cos;
        return (u * u) / (ry * ry) + (v * v) / (rx * rx) <= 1.0;
    }

    /**
     * Inclusive pixel bounding box {minRow, minCol, maxRow, maxCol} of the ellipse, clipped to the
     * image.
     */
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
