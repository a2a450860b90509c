package io.medstream.phantom;

import java.util.SplittableRandom;

/**
 * Smooth, roughly zero-mean random field in about [−1, 1] (two octaves of value noise with
 * smoothstep interpolation): lattice values are uniform in [−1, 1], octave cells are 24 and 8
 * pixels, weights 0.65 and 0.35. Used to give tissues a low-frequency texture on top of which white
 * noise is added.
 */
final class TextureField {

    private TextureField() {}

    /**
     * Field of rows×columns, row-major. Consumes random numbers from {@code rng} in a fixed order.
     */
    static double[] generate(int rows, int columns, SplittableRandom rng) {
        double[] out = new double[rows * columns];
        addOctave(out, rows, columns, 24, 0.65, rng);
        addOctave(out, rows, columns, 8, 0.35, rng);
        return out;
    }

    private static void addOctave(
            double[] out, int rows, int columns, int cell, double weight, SplittableRandom rng) {
        int gr = rows / cell + 2;
        int gc = columns / cell + 2;
        double[] lattice = new double[gr * gc];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = rng.nextDouble() * 2.0 - 1.0;
        }
        for (int r = 0; r < rows; r++) {
            double fy = (double) r / cell;
            int y0 = (int) fy;
            double ty = smooth(fy - y0);
            for (int c = 0; c < columns; c++) {
                double fx = (double) c / cell;
                int x0 = (int) fx;
                double tx = smooth(fx - x0);
                double a = lattice[y0 * gc + x0];
                double b = lattice[y0 * gc + x0 + 1];
                double d = lattice[(y0 + 1) * gc + x0];
                double e = lattice[(y0 + 1) * gc + x0 + 1];
                double top = a + (b - a) * tx;
                double bottom = d + (e - d) * tx;
                out[r * columns + c] += weight * (top + (bottom - top) * ty);
            }
        }
    }

    private static double smooth(double t) {
        return t * t * (3.0 - 2.0 * t);
    }
}
