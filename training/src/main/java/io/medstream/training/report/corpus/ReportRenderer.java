package io.medstream.training.report.corpus;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.Organ;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.phantom.LesionFinding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Renders phantom ground truth as a radiology-style report from several paraphrase templates per
 * fact kind.
 *
 * <p>Report order: one technique sentence; one sentence per lesion (host-organ order, then largest
 * first); then, when there are lesions, one negative sentence per lesion-free host organ of the
 * region; when there are none, either a global negative or the per-organ negatives. Templates use
 * decimals ("12.5 mm") and abbreviations ("approx.", "max.") on purpose, so that sentence splitting
 * and tokenisation are exercised by the corpus itself.
 *
 * <p>Every template renders a sentence that {@link SentenceParser} maps back to the {@link Fact} it
 * came from (tested for every template).
 */
public final class ReportRenderer {

    /**
     * Lesion templates: %1$s size ("12.5"), %2$s contrast word, %3$s organ phrase, %4$s capitalised
     * organ.
     */
    static final List<String> LESION_TEMPLATES =
            List.of(
                    "There is a %1$s mm %2$s lesion in the %3$s.",
                    "A %2$s lesion measuring %1$s mm is seen in the %3$s.",
                    "%4$s: %2$s focal lesion, approx. %1$s mm.",
                    "The %3$s contains a %2$s lesion of %1$s mm.",
                    "Focal %2$s lesion in the %3$s, max. diameter %1$s mm.",
                    "A %2$s lesion of approx. %1$s mm is noted in the %3$s.");

    /** Organ-negative templates: %1$s organ phrase, %2$s capitalised organ. */
    static final List<String> ORGAN_NEGATIVE_TEMPLATES =
            List.of(
                    "No focal lesion in the %1$s.",
                    "The %1$s is unremarkable.",
                    "There is no lesion in the %1$s.",
                    "%2$s: no focal abnormality.");

    static final List<String> GLOBAL_NEGATIVE_TEMPLATES =
            List.of("No focal lesion is identified.", "No focal lesions are seen.");

    /** Technique templates: %1$s modality ("CT"/"MR"), %2$s region ("abdomen"/"chest"). */
    static final List<String> TECHNIQUE_TEMPLATES =
            List.of(
                    "%1$s of the %2$s.",
                    "Axial %1$s image of the %2$s.", "Single axial %1$s slice through the %2$s.");

    private ReportRenderer() {}

    /** Sentences of the reference report for one slice; {@code seed} picks the paraphrases. */
    public static List<String> render(
            Modality modality, BodyRegion region, List<LesionFinding> findings, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        out.add(
                sentence(
                        Fact.technique(modality, region), rng.nextInt(TECHNIQUE_TEMPLATES.size())));
        List<LesionFinding> sorted = new ArrayList<>(findings);
        sorted.sort(
                Comparator.comparing((LesionFinding f) -> Organ.ofMaskName(f.organ()).ordinal())
                        .thenComparing(
                                Comparator.comparingDouble(LesionFinding::longestDiameterMm)
                                        .reversed()));
        for (LesionFinding f : sorted) {
            Fact fact =
                    Fact.lesion(
                            Organ.ofMaskName(f.organ()),
                            f.contrast(),
                            roundSize(f.longestDiameterMm()));
            out.add(sentence(fact, rng.nextInt(LESION_TEMPLATES.size())));
        }
        boolean global = findings.isEmpty() && rng.nextBoolean();
        if (global) {
            out.add(sentence(Fact.globalNegative(), rng.nextInt(GLOBAL_NEGATIVE_TEMPLATES.size())));
        } else {
            for (Organ o : Organ.of(region)) {
                boolean hasLesion = findings.stream().anyMatch(f -> f.organ().equals(o.maskName()));
                if (!hasLesion) {
                    out.add(
                            sentence(
                                    Fact.organNegative(o),
                                    rng.nextInt(ORGAN_NEGATIVE_TEMPLATES.size())));
                }
            }
        }
        return out;
    }

    /** Sizes are reported to one decimal, the way a measurement tool prints them. */
    public static double roundSize(double mm) {
        return Math.round(mm * 10.0) / 10.0;
    }

    /**
     * Renders one fact with template number {@code template} (modulo the template count of its
     * kind).
     */
    public static String sentence(Fact fact, int template) {
        return switch (fact.kind()) {
            case TECHNIQUE ->
                    String.format(
                            Locale.ROOT,
                            pick(TECHNIQUE_TEMPLATES, template),
                            fact.modality().name(),
                            fact.region().name().toLowerCase(Locale.ROOT));
            case LESION ->
                    String.format(
                            Locale.ROOT,
                            pick(LESION_TEMPLATES, template),
                            String.format(Locale.ROOT, "%.1f", fact.sizeMm()),
                            contrastWord(fact.contrast()),
                            fact.organ().phrase(),
                            fact.organ().capitalised());
            case ORGAN_NEGATIVE ->
                    String.format(
                            Locale.ROOT,
                            pick(ORGAN_NEGATIVE_TEMPLATES, template),
                            fact.organ().phrase(),
                            fact.organ().capitalised());
            case GLOBAL_NEGATIVE -> pick(GLOBAL_NEGATIVE_TEMPLATES, template);
        };
    }

    public static int templateCount(Fact.Kind kind) {
        return switch (kind) {
            case TECHNIQUE -> TECHNIQUE_TEMPLATES.size();
            case LESION -> LESION_TEMPLATES.size();
            case ORGAN_NEGATIVE -> ORGAN_NEGATIVE_TEMPLATES.size();
            case GLOBAL_NEGATIVE -> GLOBAL_NEGATIVE_TEMPLATES.size();
        };
    }

    public static String contrastWord(LesionContrast c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    private static String pick(List<String> templates, int i) {
        return templates.get(Math.floorMod(i, templates.size()));
    }
}
