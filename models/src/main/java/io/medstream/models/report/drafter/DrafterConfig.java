package io.medstream.models.report.drafter;

/**
 * Hyper-parameters of {@link DrafterBlock}; stored with every checkpoint (config.json) so that it
 * can be rebuilt.
 *
 * @param vocabSize tokenizer size
 * @param dim decoder width D
 * @param layers decoder layers
 * @param heads attention heads
 * @param maxTokens longest token sequence (BOS + report + EOS) the position table covers
 */
public record DrafterConfig(int vocabSize, int dim, int layers, int heads, int maxTokens) {

    /**
     * The shipped size: D = 128, 3 layers, 4 heads, 96 tokens (sized for a shared 2-core CPU; see
     * docs/MODELS.md).
     */
    public static DrafterConfig small(int vocabSize) {
        return new DrafterConfig(vocabSize, 128, 3, 4, 96);
    }

    /** Position table length: the 16 visual prefix tokens plus the text tokens. */
    public int maxPositions() {
        return ConvImageEncoder.TOKENS + maxTokens;
    }
}
