package io.medstream.phantom;

import io.medstream.models.vocabulary.BodyRegion;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed organ set per {@link BodyRegion} and its placement.
 *
 * <p>Organs are specified in body-normalised coordinates: u along columns (−1 = image left edge of
 * the body = patient right), v along rows (−1 = anterior body edge), radii as fractions of the body
 * semi-axes. Placement adds a per-series jitter (centre ±0.03, radii ×[0.9, 1.1], angle ±8°) and a
 * smaller per-slice jitter (centre ±0.01, radii ×[0.97, 1.03]), so slices of one series look alike
 * but not identical.
 */
final class Anatomy {

    /**
     * One organ of the fixed set. Angles in degrees; {@code lesionHost} marks organs that can carry
     * lesions.
     */
    record OrganSpec(
            String name,
            Tissue tissue,
            double cu,
            double cv,
            double ru,
            double rv,
            double angleDeg,
            boolean lesionHost) {}

    /** A placed organ. */
    record Organ(OrganSpec spec, Ellipse shape) {}

    static final List<OrganSpec> ABDOMEN =
            List.of(
                    new OrganSpec("liver", Tissue.LIVER, -0.36, -0.12, 0.42, 0.50, 25, true),
                    new OrganSpec("spleen", Tissue.SPLEEN, 0.55, 0.18, 0.17, 0.28, -30, true),
                    new OrganSpec("kidney_right", Tissue.KIDNEY, -0.36, 0.42, 0.12, 0.22, 20, true),
                    new OrganSpec("kidney_left", Tissue.KIDNEY, 0.36, 0.42, 0.12, 0.22, -20, true),
                    new OrganSpec("aorta", Tissue.BLOOD, 0.07, 0.33, 0.055, 0.075, 0, false),
                    new OrganSpec("vertebra", Tissue.BONE, 0.0, 0.62, 0.15, 0.18, 0, false));

    static final List<OrganSpec> CHEST =
            List.of(
                    new OrganSpec("lung_right", Tissue.LUNG, -0.45, -0.05, 0.34, 0.62, 5, true),
                    new OrganSpec("lung_left", Tissue.LUNG, 0.47, -0.05, 0.31, 0.60, -5, true),
                    new OrganSpec("heart", Tissue.HEART, 0.12, -0.02, 0.30, 0.38, -25, false),
                    new OrganSpec("aorta", Tissue.BLOOD, 0.16, 0.42, 0.06, 0.085, 0, false),
                    new OrganSpec("vertebra", Tissue.BONE, 0.0, 0.66, 0.14, 0.18, 0, false));

    private Anatomy() {}

    static List<OrganSpec> specs(BodyRegion region) {
        return region == BodyRegion.CHEST ? CHEST : ABDOMEN;
    }

    /**
     * Places the region's organs inside {@code body}. Consumes, per organ and in list order, 5
     * numbers from {@code seriesRng} and 4 from {@code sliceRng}.
     */
    static List<Organ> place(
            BodyRegion region,
            BodyOutline body,
            SplittableRandom seriesRng,
            SplittableRandom sliceRng) {
        List<Organ> out = new ArrayList<>();
        for (OrganSpec s : specs(region)) {
            double cu = s.cu() + uniform(seriesRng, -0.03, 0.03) + uniform(sliceRng, -0.01, 0.01);
            double cv = s.cv() + uniform(seriesRng, -0.03, 0.03) + uniform(sliceRng, -0.01, 0.01);
            double ru = s.ru() * uniform(seriesRng, 0.9, 1.1) * uniform(sliceRng, 0.97, 1.03);
            double rv = s.rv() * uniform(seriesRng, 0.9, 1.1) * uniform(sliceRng, 0.97, 1.03);
            double angle = StrictMath.toRadians(s.angleDeg() + uniform(seriesRng, -8, 8));
            Ellipse e =
                    new Ellipse(
                            body.cy() + cv * body.ry(),
                            body.cx() + cu * body.rx(),
                            rv * body.ry(),
                            ru * body.rx(),
                            angle);
            out.add(new Organ(s, e));
        }
        return out;
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
