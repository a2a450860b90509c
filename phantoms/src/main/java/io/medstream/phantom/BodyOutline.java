package io.medstream.phantom;

import io.medstream.models.vocabulary.BodyRegion;

import java.util.SplittableRandom;

/**
 * Irregular body outline: an ellipse (centre cy, cx; semi-axes ry, rx in pixels) whose radius is
 * modulated by harmonics 2..5, {@code R(θ) = 1 + Σ a_k cos(kθ + φ_k)} with a_k ∈ [0, 0.025]. The
 * subcutaneous fat layer is the band {@code (1 − fatFraction)·R(θ) < ρ ≤ R(θ)}, with fatFraction ∈
 * [0.08, 0.16]; inside it is the soft-tissue cavity where the organs live.
 */
record BodyOutline(
        double cy,
        double cx,
        double ry,
        double rx,
        double[] amplitudes,
        double[] phases,
        double fatFraction) {

    /**
     * Draws a per-series outline for an image of rows×columns. Consumes 13 numbers from {@code
     * rng}.
     */
    static BodyOutline draw(int rows, int columns, BodyRegion region, SplittableRandom rng) {
        double base = Math.min(columns, rows * 1.2);
        double cy = (rows - 1) / 2.0 + Anatomy.uniform(rng, -0.015, 0.015) * rows;
        double cx = (columns - 1) / 2.0 + Anatomy.uniform(rng, -0.015, 0.015) * columns;
        double rx =
                base
                        * (region == BodyRegion.CHEST
                                ? Anatomy.uniform(rng, 0.41, 0.45)
                                : Anatomy.uniform(rng, 0.40, 0.44));
        double ry =
                base
                        * (region == BodyRegion.CHEST
                                ? Anatomy.uniform(rng, 0.31, 0.35)
                                : Anatomy.uniform(rng, 0.30, 0.34));
        double[] amp = new double[4];
        double[] phase = new double[4];
        for (int k = 0; k < 4; k++) {
            amp[k] = Anatomy.uniform(rng, 0.0, 0.025);
            phase[k] = Anatomy.uniform(rng, 0.0, 2 * Math.PI);
        }
        double fat = Anatomy.uniform(rng, 0.08, 0.16);
        return new BodyOutline(cy, cx, ry, rx, amp, phase, fat);
    }

    /**
     * Normalised radius ρ / R(θ) of pixel (r, c): ≤ 1 inside the body, ≤ 1 − fatFraction inside the
     * cavity.
     */
    double relativeRadius(int r, int c) {
        double u = (c - cx) / rx;
        double v = (r - cy) / ry;
        double rho = StrictMath.sqrt(u * u + v * v);
        double theta = StrictMath.atan2(v, u);
        double radius = 1.0;
        for (int k = 0; k < amplitudes.length; k++) {
            radius += amplitudes[k] * StrictMath.cos((k + 2) * theta + phases[k]);
        }
        return rho / radius;
    }
}
