package io.medstream.models.samunet.inference;

import io.medstream.models.preprocess.DisplayWindow;

import java.util.List;

/**
 * One image for {@link SamUnetSegmenter#segmentBatch}.
 *
 * @param values modality values, rows×cols row-major (HU for CT)
 * @param rows H
 * @param cols W
 * @param modality DICOM modality ("CT", "MR", ...)
 * @param window display window from the tags, or null (robust min–max)
 * @param monochrome1 PhotometricInterpretation MONOCHROME1
 * @param spacingMm square pixel spacing in mm, or NaN when unknown
 * @param prompts prompts in original pixel coordinates
 */
public record ImageRequest(
        double[] values,
        int rows,
        int cols,
        String modality,
        DisplayWindow window,
        boolean monochrome1,
        double spacingMm,
        List<SegmentationPrompt> prompts) {}
