package io.medstream.models.report.csr;

/**
 * How sentence rewards are combined (CSR spec §1.3). Mirrors the Avro {@code
 * io.medstream.schemas.RewardMode}.
 */
public enum RewardMode {
    /**
     * Reference-code form (default): within-sibling ranks of the LM score and the visual score, c =
     * (1−α)·rank_LM + α·rank_image, path cost = Σc ÷ (nodes incl. root). Scale-free.
     */
    RANK,
    /**
     * Paper form: r = λ·R̂_image + (1−λ)·R̂_text with both terms mapped to [0,1]: R̂_image = (cos +
     * 1)/2 = (R_image/100 + 1)/2, R̂_text = exp(mean raw token log-prob) (the geometric-mean token
     * probability, i.e. the paper's product of probabilities normalised for length). Path reward =
     * mean r over its sentences.
     */
    WEIGHTED_SUM;

    public io.medstream.schemas.RewardMode toAvro() {
        return io.medstream.schemas.RewardMode.valueOf(name());
    }
}
