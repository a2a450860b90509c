package io.medstream.models.samunet.inference;

import io.medstream.models.preprocess.SamInput;
import java.util.List;

/**
 * Plain-Java SAM-UNet facade on the DJL blocks: modality values + prompts in, one {@link
 * SegmentationOutput} per prompt out. Each image is encoded once; its prompts are decoded in batches
 * of equal token count (at most {@link #MAX_PROMPTS_PER_DECODE} per call); {@link #segmentBatch}
 * runs several images through the encoder as one batch {@code [B,3,256,256]}. The processing around
 * the model is {@link SegmentationPipeline}, shared with {@link TorchScriptSegmenter}.
 *
 * <p>Every call works in a private sub-manager that is closed before returning, so no native memory
 * outlives a call. Not thread-safe: one segmenter per thread over a shared {@link SamUnetModel}.
 */
public final class SamUnetSegmenter implements PromptableSegmenter {

    /** Upper bound on prompts per decoder call (bounds activation memory). */
    public static final int MAX_PROMPTS_PER_DECODE = SegmentationPipeline.MAX_PROMPTS_PER_DECODE;

    private final NativeSamUnetBackend backend;
    private final SegmentationPipeline pipeline;

    public SamUnetSegmenter(SamUnetModel model) {
        this.backend = new NativeSamUnetBackend(model);
        this.pipeline = new SegmentationPipeline(backend, model.manager().getDevice());
    }

    @Override
    public List<List<SegmentationOutput>> segmentBatch(List<ImageRequest> requests) {
        return pipeline.segmentBatch(requests);
    }

    /** Segments already preprocessed images (one encoder batch). */
    public List<List<SegmentationOutput>> segmentInputs(
            List<SamInput> inputs, List<Double> spacingsMm, List<List<SegmentationPrompt>> prompts) {
        return pipeline.segmentInputs(inputs, spacingsMm, prompts);
    }

    /**
     * Encodes one preprocessed image and decodes all prompts, returning only the raw low-res logits
     * {@code [N][64·64]} (no post-processing; for the automatic mode's filtering).
     */
    public float[][] lowResLogits(SamInput input, List<SegmentationPrompt> prompts) {
        return pipeline.lowResLogits(input, prompts);
    }

    @Override
    public Timings lastTimings() {
        return pipeline.lastTimings();
    }

    @Override
    public void close() {
        pipeline.close();
        backend.close();
    }
}
