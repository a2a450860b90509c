package io.medstream.models.samunet.inference;

/**
 * Plain-Java SAM-UNet facade on the DJL blocks: modality values + prompts in, one {@link
 * SegmentationOutput} per prompt out. Each image is encoded once; its prompts are decoded in
 * batches of equal token count (at most {@link #MAX_PROMPTS_PER_DECODE} per call); {@link
 * #segmentBatch} runs several images through the encoder as one batch {@code [B,3,256,256]}. The
 * processing around the model is {@link SegmentationPipeline}, shared with {@link
 * TorchScriptSegmenter}.
 *
 * <p>Every call works in a private sub-manager that is closed before returning, so no native memory
 * outlives a call. Not thread-safe: one segmenter per thread over a shared {@link SamUnetModel}.
 */
public final class SamUnetSegmenter extends PipelineSegmenter {

    /** Upper bound on prompts per decoder call (bounds activation memory). */
    public static final int MAX_PROMPTS_PER_DECODE = SegmentationPipeline.MAX_PROMPTS_PER_DECODE;

    public SamUnetSegmenter(SamUnetModel model) {
        super(new NativeSamUnetBackend(model), model.manager().getDevice());
    }
}
