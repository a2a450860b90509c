package io.medstream.models.samunet.inference;

/**
 * What the segmenter returns per prompt.
 *
 * @param mask binary mask at the original resolution, rows×cols row-major
 * @param rows original H
 * @param cols original W
 * @param lowResLogits raw decoder logits, 64×64 row-major (model frame, padding included)
 * @param logitMin smallest low-res logit
 * @param logitMax largest low-res logit
 * @param logitMean mean low-res logit
 * @param meanProbabilityInside mean sigmoid of the original-resolution logits inside the mask (0
 *     for an empty mask)
 * @param stabilityScore IoU of the masks thresholded at +1 and −1 (SAM AMG's stability score,
 *     offset 1.0) at the original resolution; 0 when both are empty. The model has no IoU head.
 * @param areaPixels mask pixels
 * @param areaMm2 area in mm² (pixel spacing²), NaN when the spacing is unknown
 */
public record SegmentationOutput(
        boolean[] mask,
        int rows,
        int cols,
        float[] lowResLogits,
        float logitMin,
        float logitMax,
        float logitMean,
        float meanProbabilityInside,
        float stabilityScore,
        long areaPixels,
        double areaMm2) {

    /** SAM's mask-threshold offset for the stability score. */
    public static final float STABILITY_OFFSET = 1.0f;

    /**
     * Builds the output from original-resolution logits.
     *
     * @param logits original-resolution logits, rows×cols
     * @param lowRes low-res logits 64×64
     * @param pixelAreaMm2 area of one pixel in mm² (row × column spacing), or NaN
     */
    public static SegmentationOutput fromLogits(
            float[] logits, int rows, int cols, float[] lowRes, double pixelAreaMm2) {
        boolean[] mask = new boolean[logits.length];
        long area = 0;
        long hi = 0;
        long lo = 0;
        double probInside = 0;
        for (int i = 0; i < logits.length; i++) {
            float v = logits[i];
            if (v > 0f) {
                mask[i] = true;
                area++;
                probInside += 1.0 / (1.0 + Math.exp(-v));
            }
            if (v > STABILITY_OFFSET) {
                hi++;
            }
            if (v > -STABILITY_OFFSET) {
                lo++;
            }
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : lowRes) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new SegmentationOutput(
                mask,
                rows,
                cols,
                lowRes,
                min,
                max,
                (float) (sum / lowRes.length),
                area == 0 ? 0f : (float) (probInside / area),
                stabilityScore(hi, lo),
                area,
                Double.isNaN(pixelAreaMm2) ? Double.NaN : area * pixelAreaMm2);
    }

    /** |logits > +offset| / |logits > −offset| (the first set is inside the second). */
    static float stabilityScore(long intersection, long union) {
        return union == 0 ? 0f : (float) ((double) intersection / union);
    }
}
