package io.medstream.models.samunet.auto;

/**
 * Automatic-mode parameters (cf. SAM's {@code SamAutomaticMaskGenerator}).
 *
 * @param boxSizes square box sides of the grid, in pixels of a 256-pixel image (scaled with the
 *     longer side)
 * @param strideFraction grid stride as a fraction of the box side
 * @param minBoxStd skip boxes whose model-frame input is flat (std of the normalised image below
 *     this; air/padding)
 * @param coarseStabilityThreshold low-res stability a coarse-pass mask needs to be re-prompted
 * @param stabilityThreshold keep masks whose stability score (offset 1.0) is at least this
 * @param boxFitThreshold keep refined masks whose bounding box has at least this IoU with their
 *     prompt box (the model was trained on tight boxes, so a box that fits an object reproduces
 *     itself; this stands in for SAM's predicted-IoU filter, which SAM-UNet lacks)
 * @param nmsIou box-NMS IoU threshold between kept masks' bounding boxes
 * @param minAreaPixels drop masks smaller than this
 */
public record AutoMaskOptions(
        int[] boxSizes,
        double strideFraction,
        double minBoxStd,
        double coarseStabilityThreshold,
        double stabilityThreshold,
        double boxFitThreshold,
        double nmsIou,
        int minAreaPixels) {

    /**
     * For the streaming job: the three larger grid scales only (283 grid prompts instead of 1,244
     * on a 256-pixel image, about 4× faster), because a scan without prompts must not stall its
     * micro-batch for long; lesions below ~8 % of the image side are then found only when a coarser
     * box covers them.
     */
    public static AutoMaskOptions streaming() {
        return new AutoMaskOptions(new int[] {32, 64, 128}, 0.5, 0.05, 0.7, 0.85, 0.7, 0.7, 4);
    }

    /** Defaults used for the recall figure in docs/MODELS.md. */
    public static AutoMaskOptions defaults() {
        return new AutoMaskOptions(new int[] {16, 32, 64, 128}, 0.5, 0.05, 0.7, 0.85, 0.7, 0.7, 4);
    }
}
