package io.medstream.training.report.ood;

import java.util.List;

/**
 * How well an out-of-distribution distance separates phantoms from other images: AUROC (the
 * probability that a random other image is further than a random phantom, ties counting half) and
 * the fractions on each side of the threshold.
 *
 * @param auroc area under the ROC curve of "other" (positive) vs phantom (negative) by distance
 * @param phantomsAnalysed fraction of phantoms at or below the threshold
 * @param othersRefused fraction of other images above the threshold
 */
public record OodEvaluation(double auroc, double phantomsAnalysed, double othersRefused) {

    public static OodEvaluation of(List<Double> phantoms, List<Double> others, double threshold) {
        if (phantoms.isEmpty() || others.isEmpty()) {
            throw new IllegalArgumentException("need phantom and other distances");
        }
        double wins = 0;
        for (double o : others) {
            for (double p : phantoms) {
                wins += o > p ? 1 : o == p ? 0.5 : 0;
            }
        }
        double analysed = phantoms.stream().filter(d -> d <= threshold).count();
        double refused = others.stream().filter(d -> d > threshold).count();
        return new OodEvaluation(
                wins / ((double) phantoms.size() * others.size()),
                analysed / phantoms.size(),
                refused / others.size());
    }
}
