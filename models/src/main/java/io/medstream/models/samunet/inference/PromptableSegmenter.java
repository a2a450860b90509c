package io.medstream.models.samunet.inference;

import io.medstream.models.preprocess.DisplayWindow;

import java.util.List;

/**
 * A promptable segmentation model as the stream operator sees it: modality values + prompts in, one
 * {@link SegmentationOutput} per prompt out. Implementations share the Java pre- and
 * post-processing ({@link SegmentationPipeline}) and differ only in how the image encoder and the
 * mask decoder run: {@link SamUnetSegmenter} (DJL blocks) or {@link TorchScriptSegmenter} (two
 * TorchScript files).
 *
 * <p>Not thread-safe: one segmenter per thread.
 */
public interface PromptableSegmenter extends AutoCloseable {

    /**
     * Wall-clock split of the last call.
     *
     * @param preprocessMs windowing, resize, normalisation
     * @param encoderMs image encoder (all images of the call)
     * @param decoderMs prompt encoder + mask decoder (all prompts)
     * @param postprocessMs upsampling, crop, threshold, statistics
     * @param images images encoded
     * @param prompts prompts decoded
     */
    record Timings(
            double preprocessMs,
            double encoderMs,
            double decoderMs,
            double postprocessMs,
            int images,
            int prompts) {}

    /**
     * Segments one image (a batch of one; MONOCHROME2).
     *
     * @param values modality values, rows×cols row-major
     * @param modality DICOM modality ("CT", "MR", ...)
     * @param window display window, or null (robust min–max)
     * @param spacingMm square pixel spacing in mm, or NaN
     * @param prompts at least one prompt, original pixel coordinates
     */
    default List<SegmentationOutput> segment(
            double[] values,
            int rows,
            int cols,
            String modality,
            DisplayWindow window,
            double spacingMm,
            List<SegmentationPrompt> prompts) {
        return segmentBatch(
                        List.of(
                                new ImageRequest(
                                        values, rows, cols, modality, window, false, spacingMm,
                                        prompts)))
                .get(0);
    }

    /** Segments several images: one encoder batch, then each image's prompts in decoder batches. */
    List<List<SegmentationOutput>> segmentBatch(List<ImageRequest> requests);

    /** Timings of the last call, or null before the first. */
    Timings lastTimings();

    /** Releases native memory; no exception beyond runtime ones. */
    @Override
    void close();
}
