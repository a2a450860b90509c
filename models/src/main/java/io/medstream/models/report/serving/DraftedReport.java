package io.medstream.models.report.serving;

import java.util.List;

/**
 * A drafted report: sentences with their scores, and the tokens it cost.
 *
 * @param sentences the report's sentences
 * @param tokensGenerated every token the model generated to produce it (search: all candidates)
 * @param mode "greedy" or "csr"
 */
public record DraftedReport(List<Sentence> sentences, long tokensGenerated, String mode) {

    /**
     * @param text the sentence
     * @param rText R_text: mean raw token log-prob under the drafter
     * @param rImage R_image: 100·cos from the visual scorer
     * @param reward combined calibrated reward, paper form on [0,1] scales: λ·(cos+1)/2 +
     *     (1−λ)·exp(R_text)
     * @param confidence calibrated probability that the sentence is true of the image (NaN without
     *     a calibrator)
     */
    public record Sentence(
            String text, double rText, double rImage, double reward, double confidence) {}

    public List<String> texts() {
        return sentences.stream().map(Sentence::text).toList();
    }
}
