package io.medstream.models.report.serving;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.Organ;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.vocabulary.LesionContrast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the per-slice drafts of one series into one report. A pure function of its input (no
 * models), so the rule is testable on hand-built drafts and deterministic.
 *
 * <p>The rule. Slices are ordered by InstanceNumber (slices without one last, then input order);
 * every sentence is parsed with {@link SentenceParser}. "Most confident" means the highest
 * calibrated confidence (NaN counts as lowest); ties go to the earlier slice, then the earlier
 * sentence.
 *
 * <ol>
 *   <li>Technique: one sentence, the most confident technique sentence of any slice (none if no
 *       slice has one).
 *   <li>Lesions: one sentence per (organ, side, contrast) — side is part of {@link Organ} — the
 *       most confident one; size is not part of the key, so "12 mm" and "14 mm" liver hypodense
 *       lesions on neighbouring slices, which are most likely one lesion cut twice, become one
 *       sentence. Ordered by the InstanceNumber of the slice each kept sentence came from, then by
 *       its position in that slice's report.
 *   <li>Organ negatives ("No focal lesion in the spleen."): one per organ (side included), the most
 *       confident, in the organs' report order; dropped when any slice reports a lesion in that
 *       organ (a lesion seen on one slice is not contradicted by a slice that misses it).
 *   <li>Global negative ("No focal lesion is identified."): one, only when no lesion sentence
 *       remains.
 *   <li>Unparsed sentences: kept (judging counts them as false), one per normalised text (the most
 *       confident), in slice order, at the end.
 * </ol>
 *
 * Findings are built from the kept lesion sentences, in report order.
 */
public final class SeriesMerger {

    private SeriesMerger() {}

    /** A sentence of one slice with where it stands and what it means. */
    private record Candidate(
            DraftedReport.Sentence sentence,
            String sopInstanceUid,
            int sliceOrder,
            int position,
            Optional<Fact> fact) {}

    /** Earlier (slice, position) first. */
    private static final Comparator<Candidate> BY_POSITION =
            Comparator.comparingInt(Candidate::sliceOrder).thenComparingInt(Candidate::position);

    /**
     * @param slices the drafts of the series' slices, any order; all of the same mode
     * @throws IllegalArgumentException when {@code slices} is empty or mixes decoding modes
     */
    public static SeriesReport merge(String studyUid, String seriesUid, List<SliceDraft> slices) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a series report needs at least one slice");
        }
        String mode = slices.get(0).report().mode();
        for (SliceDraft s : slices) {
            if (!s.report().mode().equals(mode)) {
                throw new IllegalArgumentException(
                        "slices drafted in different modes: " + mode + " and " + s.report().mode());
            }
        }
        List<SliceDraft> ordered = inInstanceOrder(slices);

        Candidate technique = null;
        Map<Organ, Map<LesionContrast, Candidate>> lesions = new EnumMap<>(Organ.class);
        Map<Organ, Candidate> organNegatives = new EnumMap<>(Organ.class);
        Candidate globalNegative = null;
        Map<String, Candidate> unparsed = new LinkedHashMap<>();
        long tokens = 0;
        for (int o = 0; o < ordered.size(); o++) {
            SliceDraft slice = ordered.get(o);
            tokens += slice.report().tokensGenerated();
            List<DraftedReport.Sentence> sentences = slice.report().sentences();
            for (int p = 0; p < sentences.size(); p++) {
                DraftedReport.Sentence s = sentences.get(p);
                Optional<Fact> fact = SentenceParser.parse(s.text());
                Candidate c = new Candidate(s, slice.sopInstanceUid(), o, p, fact);
                if (fact.isEmpty()) {
                    unparsed.merge(
                            PairSelector.normalise(List.of(s.text())),
                            c,
                            SeriesMerger::moreConfident);
                    continue;
                }
                Fact f = fact.get();
                switch (f.kind()) {
                    case TECHNIQUE ->
                            technique = technique == null ? c : moreConfident(technique, c);
                    case LESION ->
                            lesions.computeIfAbsent(
                                            f.organ(), k -> new EnumMap<>(LesionContrast.class))
                                    .merge(f.contrast(), c, SeriesMerger::moreConfident);
                    case ORGAN_NEGATIVE ->
                            organNegatives.merge(f.organ(), c, SeriesMerger::moreConfident);
                    case GLOBAL_NEGATIVE ->
                            globalNegative =
                                    globalNegative == null ? c : moreConfident(globalNegative, c);
                    default -> throw new IllegalStateException("unknown fact kind " + f.kind());
                }
            }
        }

        List<Candidate> out = new ArrayList<>();
        if (technique != null) {
            out.add(technique);
        }
        List<Candidate> keptLesions = new ArrayList<>();
        lesions.values().forEach(byContrast -> keptLesions.addAll(byContrast.values()));
        keptLesions.sort(BY_POSITION);
        out.addAll(keptLesions);
        Set<Organ> withLesion =
                lesions.isEmpty() ? EnumSet.noneOf(Organ.class) : EnumSet.copyOf(lesions.keySet());
        organNegatives.forEach(
                (organ, c) -> {
                    if (!withLesion.contains(organ)) {
                        out.add(c);
                    }
                });
        if (globalNegative != null && keptLesions.isEmpty()) {
            out.add(globalNegative);
        }
        List<Candidate> keptUnparsed = new ArrayList<>(unparsed.values());
        keptUnparsed.sort(BY_POSITION);
        out.addAll(keptUnparsed);

        List<SeriesReport.Sentence> sentences = new ArrayList<>();
        List<SeriesReport.Finding> findings = new ArrayList<>();
        for (Candidate c : out) {
            DraftedReport.Sentence s = c.sentence();
            sentences.add(
                    new SeriesReport.Sentence(
                            s.text(),
                            s.rText(),
                            s.rImage(),
                            s.reward(),
                            s.confidence(),
                            c.sopInstanceUid()));
            if (c.fact().isPresent() && c.fact().get().kind() == Fact.Kind.LESION) {
                Fact f = c.fact().get();
                findings.add(
                        new SeriesReport.Finding(
                                f.organ().anatomicalName(),
                                f.organ().sideName(),
                                Double.isNaN(f.sizeMm()) ? null : f.sizeMm(),
                                f.contrast().name().toLowerCase(Locale.ROOT),
                                c.sopInstanceUid(),
                                s.confidence()));
            }
        }
        String text =
                String.join(" ", sentences.stream().map(SeriesReport.Sentence::text).toList());
        return new SeriesReport(studyUid, seriesUid, mode, sentences, findings, text, tokens);
    }

    /**
     * Stable sort by InstanceNumber, nulls last: equal or missing numbers keep the caller's order.
     */
    static List<SliceDraft> inInstanceOrder(List<SliceDraft> slices) {
        List<SliceDraft> ordered = new ArrayList<>(slices);
        ordered.sort(
                Comparator.comparing(
                        SliceDraft::instanceNumber,
                        Comparator.nullsLast(Comparator.naturalOrder())));
        return ordered;
    }

    /** The more confident of two candidates; {@code a} (the earlier one) on ties. */
    private static Candidate moreConfident(Candidate a, Candidate b) {
        return confidence(b) > confidence(a) ? b : a;
    }

    /** NaN (no calibrator) ranks lowest, so it never displaces a calibrated sentence. */
    private static double confidence(Candidate c) {
        double v = c.sentence().confidence();
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
}
