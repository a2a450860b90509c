package io.medstream.phantom;

import java.util.Arrays;

/**
 * Immutable binary mask, rows×columns, row-major ({@code r * columns + c}). Geometry helpers use
 * pixel-centre coordinates: pixel (r, c) sits at (r, c).
 */
public final class Mask {

    private final int rows;
    private final int columns;
    private final boolean[] bits;

    /** Copies {@code bits} (length rows·columns, row-major). */
    public Mask(int rows, int columns, boolean[] bits) {
        if (bits.length != rows * columns) {
            throw new IllegalArgumentException(
                    "mask length " + bits.length + " != " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.bits = bits.clone();
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public boolean get(int r, int c) {
        return bits[r * columns + c];
    }

    /** Copy of the bits, row-major. */
    public boolean[] toArray() {
        return bits.clone();
    }

    public int area() {
        int n = 0;
        for (boolean b : bits) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** True when every pixel of this mask is also set in {@code other}. */
    public boolean isInside(Mask other) {
        checkSameSize(other);
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] && !other.bits[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when no pixel is set in both masks. */
    public boolean isDisjoint(Mask other) {
        checkSameSize(other);
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] && other.bits[i]) {
                return false;
            }
        }
        return true;
    }

    /** {row, column} mean of the set pixels; NaNs for an empty mask. */
    public double[] centroid() {
        double sr = 0;
        double sc = 0;
        long n = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (bits[r * columns + c]) {
                    sr += r;
                    sc += c;
                    n++;
                }
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {sr / n, sc / n};
    }

    /** {minRow, minCol, maxRow, maxCol}, inclusive; null for an empty mask. */
    public int[] boundingBox() {
        int minR = Integer.MAX_VALUE;
        int minC = Integer.MAX_VALUE;
        int maxR = -1;
        int maxC = -1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (bits[r * columns + c]) {
                    minR = Math.min(minR, r);
                    minC = Math.min(minC, c);
                    maxR = Math.max(maxR, r);
                    maxC = Math.max(maxC, c);
                }
            }
        }
        return maxR < 0 ? null : new int[] {minR, minC, maxR, maxC};
    }

    /**
     * Largest distance between the centres of two set pixels, in pixels (0 for a single pixel).
     * Only border pixels are compared, which is exact because the farthest pair of a finite set
     * lies on its border.
     */
    public double longestDiameterPixels() {
        int[] border = new int[bits.length];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (bits[r * columns + c] && isBorder(r, c)) {
                    border[n++] = r * columns + c;
                }
            }
        }
        long best = 0;
        for (int i = 0; i < n; i++) {
            int ri = border[i] / columns;
            int ci = border[i] % columns;
            for (int j = i + 1; j < n; j++) {
                long dr = border[j] / columns - ri;
                long dc = border[j] % columns - ci;
                best = Math.max(best, dr * dr + dc * dc);
            }
        }
        return Math.sqrt(best);
    }

    private boolean isBorder(int r, int c) {
        return r == 0
                || c == 0
                || r == rows - 1
                || c == columns - 1
                || !bits[(r - 1) * columns + c]
                || !bits[(r + 1) * columns + c]
                || !bits[r * columns + c - 1]
                || !bits[r * columns + c + 1];
    }

    private void checkSameSize(Mask other) {
        if (other.rows != rows || other.columns != columns) {
            throw new IllegalArgumentException("mask sizes differ");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m
                && m.rows == rows
                && m.columns == columns
                && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Mask[" + rows + "x" + columns + ", area=" + area() + "]";
    }
}
