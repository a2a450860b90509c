package io.medstream.training.report.eval;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.Organ;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.report.serving.SeriesReport;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.phantom.PhantomSlice;
import io.medstream.training.report.corpus.StudyTruth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CHAIR for one merged series report on phantom series (the demo's numbers).
 *
 * <p>How the phantom represents lesions across slices: {@code PhantomGenerator.generateSeriesSlice}
 * draws the series-level anatomy (modality, region, body outline, organ layout) once per series,
 * but places lesions with the <em>slice's</em> random generator, so every slice has its own,
 * independent lesions; "lesion_1" of two slices are unrelated and nothing links a lesion across
 * slices. The judge therefore pools the ground-truth lesions of all slices of the series and
 * matches at the level CHAIR works on, the object: organ (side included, as in {@link Organ}) and
 * contrast class; size and slice are not part of the match.
 *
 * <ul>
 *   <li>A lesion sentence is <b>hallucinated</b> when no still unmatched pooled ground-truth lesion
 *       has its organ and contrast; mentions are matched one-to-one in report order (as {@code
 *       ReportJudge} does per slice), so a repeated mention beyond the number of such lesions
 *       counts as hallucinated. A lesion found on slice 3 but reported from slice 1's sentence is
 *       <em>not</em> a hallucination: the report is about the series.
 *   <li>{@link Verdict#hallucinated()} (the CHAIR_S numerator for one report): at least one
 *       hallucinated lesion sentence. CHAIR_I = hallucinatedMentions / lesionMentions.
 *   <li>Recall is over the distinct (organ, contrast) classes present in the series, not over
 *       individual lesions, because the merge keeps one sentence per class by design (two hypodense
 *       liver lesions on two slices become one sentence); a class is recalled when a
 *       non-hallucinated sentence names it.
 *   <li>Other sentences (technique, negatives, unparsed) are not lesion mentions and are not judged
 *       here.
 * </ul>
 */
public final class SeriesJudge {

    private SeriesJudge() {}

    /**
     * @param hallucinatedSentence per input sentence: true for a hallucinated lesion sentence,
     *     false otherwise
     * @param lesionMentions lesion sentences
     * @param hallucinatedMentions hallucinated lesion sentences (CHAIR_I numerator)
     * @param groundTruthLesions lesions over all slices of the series
     * @param groundTruthClasses distinct (organ, contrast) classes among them (recall denominator)
     * @param recalledClasses classes named by a non-hallucinated sentence (recall numerator)
     */
    public record Verdict(
            List<Boolean> hallucinatedSentence,
            int lesionMentions,
            int hallucinatedMentions,
            int groundTruthLesions,
            int groundTruthClasses,
            int recalledClasses) {

        public Verdict {
            hallucinatedSentence = List.copyOf(hallucinatedSentence);
        }

        /** CHAIR_S of this one report: at least one hallucinated lesion sentence. */
        public boolean hallucinated() {
            return hallucinatedMentions > 0;
        }

        /** CHAIR_I of this report alone; 0 when it mentions no lesion. */
        public double chairI() {
            return lesionMentions == 0 ? 0.0 : (double) hallucinatedMentions / lesionMentions;
        }

        /** Class recall of this report alone; 1 when the series has no lesion (nothing to miss). */
        public double recall() {
            return groundTruthClasses == 0 ? 1.0 : (double) recalledClasses / groundTruthClasses;
        }
    }

    /** Judges a merged report against the phantom slices of its series. */
    public static Verdict judge(SeriesReport report, List<PhantomSlice> slices) {
        return judge(report.texts(), slices.stream().map(StudyTruth::of).toList());
    }

    /**
     * @param sentences the merged report's sentences, in order
     * @param sliceTruths ground truth of every slice of the series (at least one)
     */
    public static Verdict judge(List<String> sentences, List<StudyTruth> sliceTruths) {
        if (sliceTruths.isEmpty()) {
            throw new IllegalArgumentException("a series has at least one slice");
        }
        List<StudyTruth.Lesion> pool = new ArrayList<>();
        sliceTruths.forEach(t -> pool.addAll(t.lesions()));
        Set<Key> classes = new LinkedHashSet<>();
        pool.forEach(l -> classes.add(new Key(l.organ(), l.contrast())));

        boolean[] used = new boolean[pool.size()];
        Set<Key> recalled = new LinkedHashSet<>();
        List<Boolean> hallucinated = new ArrayList<>();
        int mentions = 0;
        int halluc = 0;
        for (String s : sentences) {
            Optional<Fact> f = SentenceParser.parse(s);
            if (f.isEmpty() || f.get().kind() != Fact.Kind.LESION) {
                hallucinated.add(false);
                continue;
            }
            mentions++;
            Key key = new Key(f.get().organ(), f.get().contrast());
            int match = -1;
            for (int i = 0; i < pool.size() && match < 0; i++) {
                if (!used[i] && new Key(pool.get(i).organ(), pool.get(i).contrast()).equals(key)) {
                    match = i;
                }
            }
            if (match < 0) {
                halluc++;
                hallucinated.add(true);
            } else {
                used[match] = true;
                recalled.add(key);
                hallucinated.add(false);
            }
        }
        return new Verdict(
                hallucinated, mentions, halluc, pool.size(), classes.size(), recalled.size());
    }

    /** The object CHAIR matches on. */
    private record Key(Organ organ, LesionContrast contrast) {}
}
