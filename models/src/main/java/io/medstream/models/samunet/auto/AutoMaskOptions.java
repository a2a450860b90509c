package io.medstream.models.samunet.auto;

/**
 * Automatic-mode parameters (cf. SAM's {@code SamAutomaticMaskGenerator}).
 *
 * @param boxSizes square box sides of the grid, in original pixels
 * @param strideFraction grid stride as a fraction of the box side
 * @param minBoxStd skip boxes whose model-frame input is flat (std of the normalised image below
 *     this; air/padding)
 * @param stabilityThreshold keep masks whose stability score (offset 1.0) is at least this
 * @param boxFitThreshold keep masks whose bounding box has at least this IoU with the prompt box
 *     (the model was trained on tight boxes, so a prompt box that matches no object yields a mask
 *     that does not fill it; this stands in for SAM's predicted-IoU filter, which SAM-UNet lacks)
 * @param nmsIou box-NMS IoU threshold between kept masks' bounding boxes
 * @param minAreaPixels drop masks smaller than this
 */
public record AutoMaskOptions(
        int[] boxSizes,
        double strideFraction,
        double minBoxStd,
        double stabilityThreshold,
        double boxFitThreshold,
        double nmsIou,
        int minAreaPixels) {

    /** Defaults used for the recall figure in docs/MODELS.md. */
    public static AutoMaskOptions defaults() {
        return new AutoMaskOptions(new int[] {12, 24, 48, 96, 192}, 0.5, 0.05, 0.85, 0.5, 0.7, 4);
    }
}
