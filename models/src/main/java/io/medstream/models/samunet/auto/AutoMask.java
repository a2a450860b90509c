package io.medstream.models.samunet.auto;

/**
 * One automatic-mode result.
 *
 * @param mask binary mask at original resolution, rows×cols
 * @param box {x0,y0,x1,y1} mask bounding box (exclusive max), original pixels
 * @param promptBox the grid box that produced it
 * @param stabilityScore SAM-style stability (offset 1.0) at the original resolution
 * @param boxFit IoU between the prompt box and the mask's bounding box
 * @param areaPixels mask area
 */
public record AutoMask(
        boolean[] mask,
        int[] box,
        double[] promptBox,
        float stabilityScore,
        double boxFit,
        long areaPixels) {

    /** Ranking score for NMS: stability × box fit. */
    public double score() {
        return stabilityScore * boxFit;
    }
}
