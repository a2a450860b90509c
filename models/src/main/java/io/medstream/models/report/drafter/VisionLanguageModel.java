package io.medstream.models.report.drafter;

import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;

import java.util.List;

/**
 * What CSR needs from a report drafter. The small in-repo {@link SmallDrafter} implements it; to
 * plug in a large VLM (e.g. LLaVA-1.5 behind a TorchScript or remote runtime), implement {@link
 * #tokenizer()}, {@link #nextTokenLogProbs} and {@link #modelRef()}: greedy, sampling and beam
 * decoding and the CSR sentence search are built on those (see {@link Decoding}). The tokenizer
 * must make "." a sentence-end token that never splits a decimal or an abbreviation (or the
 * search's sentence rule must change with it). DPO fine-tuning of a large VLM is the user's own
 * training stack, fed by the same {@code PreferencePair} records.
 *
 * <p>{@code image} is the model's own preprocessed input (for {@link SmallDrafter}: 2×64×64 floats
 * from {@link DrafterInput#of}).
 */
public interface VisionLanguageModel extends AutoCloseable {

    ReportTokenizer tokenizer();

    /**
     * Next-token log-probabilities for several prefixes of one image, in one batched call.
     *
     * @param prefixes token ids, each starting with {@link ReportTokenizer#BOS_ID}
     * @return one array of vocabulary-size log-probs per prefix
     */
    float[][] nextTokenLogProbs(float[] image, List<int[]> prefixes);

    /** Provenance of the weights. */
    ModelRef modelRef();

    /** Longest response in tokens (BOS excluded, EOS included) the model accepts. */
    int maxResponseTokens();

    default Decoding.Result greedy(float[] image) {
        return Decoding.greedy(this, image, maxResponseTokens());
    }

    default Decoding.Result sample(float[] image, double temperature, long seed) {
        return Decoding.sample(this, image, maxResponseTokens(), temperature, seed);
    }

    default List<Decoding.Result> beam(float[] image, int beamWidth) {
        return Decoding.beam(this, image, maxResponseTokens(), beamWidth);
    }

    @Override
    void close();
}
