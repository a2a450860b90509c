package io.medstream.training.report.scorer;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.Organ;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.training.report.corpus.ReportRenderer;
import io.medstream.training.report.corpus.StudyTruth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Hard negatives for the scorer: a true fact changed in exactly one respect (negation, side, organ,
 * contrast, size, modality or region), rendered with a random template. Also the size-aware truth
 * the scorer is trained on.
 */
public final class HardNegatives {

    /** Kinds of perturbation, for logging and tests. */
    public enum Kind {
        NEGATION,
        SIDE,
        ORGAN,
        CONTRAST,
        SIZE,
        MODALITY,
        REGION,
        ASSERT_LESION
    }

    public record Negative(Kind kind, Fact fact, String sentence) {}

    private HardNegatives() {}

    public static Negative of(Fact f, Modality modality, SplittableRandom rng) {
        Kind kind;
        Fact neg;
        switch (f.kind()) {
            case LESION -> {
                int pick = rng.nextInt(5);
                Organ mirror = mirror(f.organ());
                if (pick == 1 && mirror == null) {
                    pick = 2;
                }
                switch (pick) {
                    case 0 -> {
                        kind = Kind.NEGATION;
                        neg = Fact.organNegative(f.organ());
                    }
                    case 1 -> {
                        kind = Kind.SIDE;
                        neg = Fact.lesion(mirror, f.contrast(), f.sizeMm());
                    }
                    case 2 -> {
                        kind = Kind.ORGAN;
                        List<Organ> others =
                                Organ.of(f.organ().region()).stream()
                                        .filter(o -> o != f.organ())
                                        .toList();
                        neg =
                                Fact.lesion(
                                        others.get(rng.nextInt(others.size())),
                                        f.contrast(),
                                        f.sizeMm());
                    }
                    case 3 -> {
                        kind = Kind.CONTRAST;
                        neg = Fact.lesion(f.organ(), flip(f.contrast()), f.sizeMm());
                    }
                    default -> {
                        kind = Kind.SIZE;
                        double factor =
                                rng.nextBoolean()
                                        ? rng.nextDouble(0.35, 0.6)
                                        : rng.nextDouble(1.7, 2.8);
                        double size =
                                ReportRenderer.roundSize(
                                        Math.max(6.0, Math.min(40.0, f.sizeMm() * factor)));
                        if (Math.abs(size - f.sizeMm()) < sizeTolerance(f.sizeMm())) {
                            size =
                                    f.sizeMm() < 20
                                            ? ReportRenderer.roundSize(f.sizeMm() * 2.2)
                                            : ReportRenderer.roundSize(f.sizeMm() * 0.4);
                        }
                        neg = Fact.lesion(f.organ(), f.contrast(), size);
                    }
                }
            }
            case ORGAN_NEGATIVE -> {
                kind = Kind.ASSERT_LESION;
                neg =
                        Fact.lesion(
                                f.organ(),
                                LesionContrast.of(modality, rng.nextBoolean()),
                                ReportRenderer.roundSize(rng.nextDouble(6, 40)));
            }
            case GLOBAL_NEGATIVE -> {
                kind = Kind.ASSERT_LESION;
                Organ o = Organ.values()[rng.nextInt(Organ.values().length)];
                neg =
                        Fact.lesion(
                                o,
                                LesionContrast.of(modality, rng.nextBoolean()),
                                ReportRenderer.roundSize(rng.nextDouble(6, 40)));
            }
            default -> {
                boolean flipModality = rng.nextBoolean();
                kind = flipModality ? Kind.MODALITY : Kind.REGION;
                neg =
                        flipModality
                                ? Fact.technique(
                                        f.modality() == Modality.CT ? Modality.MR : Modality.CT,
                                        f.region())
                                : Fact.technique(
                                        f.modality(),
                                        f.region() == BodyRegion.CHEST
                                                ? BodyRegion.ABDOMEN
                                                : BodyRegion.CHEST);
            }
        }
        return new Negative(kind, neg, ReportRenderer.sentence(neg, rng.nextInt(8)));
    }

    static Organ mirror(Organ o) {
        return switch (o) {
            case KIDNEY_LEFT -> Organ.KIDNEY_RIGHT;
            case KIDNEY_RIGHT -> Organ.KIDNEY_LEFT;
            case LUNG_LEFT -> Organ.LUNG_RIGHT;
            case LUNG_RIGHT -> Organ.LUNG_LEFT;
            default -> null;
        };
    }

    static LesionContrast flip(LesionContrast c) {
        return switch (c) {
            case HYPODENSE -> LesionContrast.HYPERDENSE;
            case HYPERDENSE -> LesionContrast.HYPODENSE;
            case HYPOINTENSE -> LesionContrast.HYPERINTENSE;
            case HYPERINTENSE -> LesionContrast.HYPOINTENSE;
        };
    }

    /** A stated size counts as right within max(3 mm, 25 %). */
    public static double sizeTolerance(double mm) {
        return Math.max(3.0, 0.25 * mm);
    }

    /**
     * Truth the scorer learns: as {@code ReportJudge} for single sentences, and a lesion's stated
     * size must also be within {@link #sizeTolerance} of a ground-truth lesion of that organ and
     * contrast.
     */
    public static boolean strictTrue(Fact f, StudyTruth t) {
        return switch (f.kind()) {
            case TECHNIQUE -> f.modality() == t.modality() && f.region() == t.region();
            case GLOBAL_NEGATIVE -> t.lesions().isEmpty();
            case ORGAN_NEGATIVE ->
                    f.organ().region() == t.region()
                            && t.lesions().stream().noneMatch(l -> l.organ() == f.organ());
            case LESION ->
                    t.lesions().stream()
                            .anyMatch(
                                    l ->
                                            l.organ() == f.organ()
                                                    && l.contrast() == f.contrast()
                                                    && (Double.isNaN(f.sizeMm())
                                                            || Math.abs(l.sizeMm() - f.sizeMm())
                                                                    <= sizeTolerance(l.sizeMm())));
        };
    }
}
