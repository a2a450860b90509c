package io.medstream.models.preprocess;

/**
 * Inverse mapping of SAM-UNet outputs onto the original pixel grid (docs/sam-unet.md §7, SAM's
 * {@code postprocess_masks}).
 *
 * <ol>
 *   <li>low-res logits 64×64 → target×target (256×256), PyTorch bilinear {@code
 *       align_corners=False};
 *   <li>crop rows [0,newH) × cols [0,newW) (drops the bottom/right padding);
 *   <li>newH×newW → original H×W, bilinear {@code align_corners=False};
 *   <li>threshold {@code logit > 0} → mask H×W row-major (no sigmoid needed).
 * </ol>
 */
public final class MaskPostprocessor {

    private MaskPostprocessor() {}

    /**
     * Decoder low-res logits to logits on the original grid (steps 1–3).
     *
     * @param lowRes logits, lowRows×lowCols row-major (64×64 for SAM-UNet)
     * @return logits, H×W row-major
     */
    public static float[] lowResLogitsToOriginal(
            float[] lowRes, int lowRows, int lowCols, ResizeGeometry g) {
        float[] frame = TorchBilinear.resize(lowRes, lowRows, lowCols, g.target(), g.target());
        return frameToOriginal(frame, g);
    }

    /**
     * A map in the padded model frame to the original grid (steps 2–3).
     *
     * @param frame map, target×target row-major
     * @return map, H×W row-major
     */
    public static float[] frameToOriginal(float[] frame, ResizeGeometry g) {
        int t = g.target();
        if (frame.length != t * t) {
            throw new IllegalArgumentException(
                    "frame length " + frame.length + " != " + t + "x" + t);
        }
        int nh = g.resizedRows();
        int nw = g.resizedCols();
        float[] crop = new float[nh * nw];
        for (int r = 0; r < nh; r++) {
            System.arraycopy(frame, r * t, crop, r * nw, nw);
        }
        return TorchBilinear.resize(crop, nh, nw, g.originalRows(), g.originalCols());
    }

    /** Step 4: {@code logit > 0}. */
    public static boolean[] threshold(float[] logits) {
        boolean[] m = new boolean[logits.length];
        for (int i = 0; i < logits.length; i++) {
            m[i] = logits[i] > 0.0f;
        }
        return m;
    }

    /** Steps 1–4: decoder low-res logits (64×64) → binary mask H×W row-major. */
    public static boolean[] lowResLogitsToMask(
            float[] lowRes, int lowRows, int lowCols, ResizeGeometry g) {
        return threshold(lowResLogitsToOriginal(lowRes, lowRows, lowCols, g));
    }

    /** Steps 2–4: model-frame logits (target×target) → binary mask H×W row-major. */
    public static boolean[] frameLogitsToMask(float[] frame, ResizeGeometry g) {
        return threshold(frameToOriginal(frame, g));
    }

    /**
     * Optional step 5, the box constraint: a box prompt states that the object lies inside the box,
     * so every logit whose pixel centre {@code (c + 0.5, r + 0.5)} falls outside {@code
     * [x0,x1]×[y0,y1]} (original pixels; for integer boxes with exclusive x1/y1 that keeps columns
     * x0..x1−1, rows y0..y1−1) becomes −∞, in place. Why it is needed: the training recipe jitters
     * boxes by up to ±5 px (spec §12), so the decoder learns to reach past a box's edge, and given
     * a tight box it spills into the neighbourhood, most on small lesions.
     *
     * @param logits original-resolution logits, rows×cols row-major (modified)
     * @param box {x0,y0,x1,y1} in original pixels
     * @return {@code logits}
     */
    public static float[] confineToBox(float[] logits, int rows, int cols, double[] box) {
        if (logits.length != rows * cols) {
            throw new IllegalArgumentException(
                    "logits have " + logits.length + " values, not " + rows + "x" + cols);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!insideBox(r, c, box)) {
                    logits[r * cols + c] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return logits;
    }

    /**
     * Whether pixel (r, c)'s centre lies in {@code [x0,x1]×[y0,y1]} (the rule of {@link
     * #confineToBox}).
     */
    public static boolean insideBox(int r, int c, double[] box) {
        return c + 0.5 >= box[0] && c + 0.5 <= box[2] && r + 0.5 >= box[1] && r + 0.5 <= box[3];
    }
}
