package io.medstream.models.report.csr;

import java.util.List;
import java.util.Locale;

/**
 * Chooses the preference pair from the scored complete paths (spec §3): chosen = best (lowest
 * cost), rejected = worst. medstream's guard drops the pair when there are fewer than two complete
 * paths, when the two reports are equal after normalisation (the code has no such guard, quirk 7),
 * or when the raw margin is too small.
 */
public final class PairSelector {

    /** Outcome: a pair, or why there is none. */
    public record Selection(
            CalibratedReward.ScoredPath chosen,
            CalibratedReward.ScoredPath rejected,
            String dropReason) {
        public boolean kept() {
            return dropReason == null;
        }
    }

    private final double minRawMargin;

    /**
     * @param minRawMargin minimum of |Δ mean R_image| + |Δ mean R_text| between chosen and rejected
     *     (raw scales); 0 disables the margin rule (only identical pairs are dropped)
     */
    public PairSelector(double minRawMargin) {
        this.minRawMargin = minRawMargin;
    }

    public Selection select(List<CalibratedReward.ScoredPath> bestFirst) {
        if (bestFirst.size() < 2) {
            return new Selection(null, null, "degenerate_pair: fewer than 2 complete paths");
        }
        CalibratedReward.ScoredPath chosen = bestFirst.get(0);
        CalibratedReward.ScoredPath rejected = bestFirst.get(bestFirst.size() - 1);
        if (normalise(chosen.sentences()).equals(normalise(rejected.sentences()))) {
            return new Selection(chosen, rejected, "degenerate_pair: identical reports");
        }
        double margin =
                Math.abs(chosen.meanRImage() - rejected.meanRImage())
                        + Math.abs(chosen.meanRText() - rejected.meanRText());
        if (minRawMargin > 0 && margin < minRawMargin) {
            return new Selection(chosen, rejected, "margin " + margin + " < " + minRawMargin);
        }
        return new Selection(chosen, rejected, null);
    }

    /** Lower case, single spaces, no space before punctuation. */
    public static String normalise(List<String> sentences) {
        return String.join(" ", sentences)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .replaceAll(" ([.,:;])", "$1")
                .strip();
    }
}
