package io.medstream.models.samunet.inference;

import ai.djl.Device;
import io.medstream.models.preprocess.SamInput;

import java.util.List;

/**
 * A {@link PromptableSegmenter} made of one {@link SegmentationBackend} (what runs the network) and
 * the {@link SegmentationPipeline} around it (preprocessing, prompt batching, post-processing). The
 * backends differ; everything a caller sees is this class, so both segmenters behave alike by
 * construction.
 */
abstract class PipelineSegmenter implements PromptableSegmenter {
    private final SegmentationBackend backend;
    private final SegmentationPipeline pipeline;

    PipelineSegmenter(SegmentationBackend backend, Device device) {
        this.backend = backend;
        this.pipeline = new SegmentationPipeline(backend, device);
    }

    @Override
    public List<List<SegmentationOutput>> segmentBatch(List<ImageRequest> requests) {
        return pipeline.segmentBatch(requests);
    }

    /** Segments already preprocessed images (one encoder batch). */
    public List<List<SegmentationOutput>> segmentInputs(
            List<SamInput> inputs,
            List<Double> spacingsMm,
            List<List<SegmentationPrompt>> prompts) {
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
