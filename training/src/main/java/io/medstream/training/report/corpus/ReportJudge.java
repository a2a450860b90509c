package io.medstream.training.report.corpus;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.SentenceParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a report's sentences against the ground truth. This is what CHAIR and the calibration
 * targets rest on.
 *
 * <p>Rules (documented in docs/MODELS.md):
 *
 * <ul>
 *   <li>A LESION mention is true when an as-yet unmatched ground-truth lesion has the same organ
 *       (side included for paired organs) and the same contrast class; mentions are matched
 *       one-to-one in report order, so a third "liver lesion" with two true ones is a
 *       hallucination. Size is not part of the match (CHAIR is about objects); it is reported
 *       separately as a mean absolute error over matched mentions.
 *   <li>ORGAN_NEGATIVE is true when the organ belongs to the slice's region and has no lesion.
 *   <li>GLOBAL_NEGATIVE is true when the slice has no lesion.
 *   <li>TECHNIQUE is true when modality and region both match.
 *   <li>An unparsed sentence is false.
 * </ul>
 */
public final class ReportJudge {

    /** Per-report verdict. */
    public record Verdict(
            List<Boolean> sentenceTrue,
            List<Optional<Fact>> facts,
            int lesionMentions,
            int hallucinatedMentions,
            int groundTruthLesions,
            int recalledLesions,
            double sizeAbsErrorSum,
            int sizeErrorCount) {

        /** CHAIR_S numerator: at least one mentioned lesion is not in the ground truth. */
        public boolean hasHallucination() {
            return hallucinatedMentions > 0;
        }
    }

    private ReportJudge() {}

    public static Verdict judge(List<String> sentences, StudyTruth truth) {
        boolean[] used = new boolean[truth.lesions().size()];
        List<Boolean> ok = new ArrayList<>();
        List<Optional<Fact>> facts = new ArrayList<>();
        int mentions = 0;
        int halluc = 0;
        double sizeErr = 0;
        int sizeN = 0;
        for (String sentence : sentences) {
            Optional<Fact> parsed = SentenceParser.parse(sentence);
            facts.add(parsed);
            if (parsed.isEmpty()) {
                ok.add(false);
                continue;
            }
            Fact f = parsed.get();
            switch (f.kind()) {
                case TECHNIQUE ->
                        ok.add(f.modality() == truth.modality() && f.region() == truth.region());
                case GLOBAL_NEGATIVE -> ok.add(truth.lesions().isEmpty());
                case ORGAN_NEGATIVE ->
                        ok.add(
                                f.organ().region() == truth.region()
                                        && truth.lesions().stream()
                                                .noneMatch(l -> l.organ() == f.organ()));
                case LESION -> {
                    mentions++;
                    int match = -1;
                    for (int i = 0; i < used.length; i++) {
                        StudyTruth.Lesion l = truth.lesions().get(i);
                        if (!used[i] && l.organ() == f.organ() && l.contrast() == f.contrast()) {
                            match = i;
                            break;
                        }
                    }
                    if (match < 0) {
                        halluc++;
                        ok.add(false);
                    } else {
                        used[match] = true;
                        ok.add(true);
                        if (!Double.isNaN(f.sizeMm())) {
                            sizeErr += Math.abs(f.sizeMm() - truth.lesions().get(match).sizeMm());
                            sizeN++;
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        int recalled = 0;
        for (boolean u : used) {
            recalled += u ? 1 : 0;
        }
        return new Verdict(ok, facts, mentions, halluc, used.length, recalled, sizeErr, sizeN);
    }
}
