package io.medstream.models.samunet.prompt;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Builds labelled-point prompt tensors for {@link PromptEncoderBlock}. Coordinates are in the
 * resized 256-px frame (x, y); the +0.5 and /256 happen inside the encoder.
 */
public final class Prompts {

    /** Padding point label. */
    public static final float PAD = -1f;

    /** Box top-left corner label. */
    public static final float BOX_TOP_LEFT = 2f;

    /** Box bottom-right corner label. */
    public static final float BOX_BOTTOM_RIGHT = 3f;

    private Prompts() {}

    /**
     * N box prompts: {@code boxes[n] = {x0,y0,x1,y1}} → NDList(coords {@code [N,2,2]}, labels
     * {@code [N,2]} = (2,3)). No padding point is added when a box is present.
     */
    public static NDList boxes(NDManager manager, float[][] boxes) {
        if (boxes.length == 0) {
            throw new IllegalArgumentException("at least one box prompt is required");
        }
        int n = boxes.length;
        float[] coords = new float[n * 4];
        float[] labels = new float[n * 2];
        for (int i = 0; i < n; i++) {
            if (boxes[i] == null || boxes[i].length != 4) {
                throw new IllegalArgumentException("box " + i + " must be {x0,y0,x1,y1}");
            }
            System.arraycopy(boxes[i], 0, coords, i * 4, 4);
            labels[i * 2] = BOX_TOP_LEFT;
            labels[i * 2 + 1] = BOX_BOTTOM_RIGHT;
        }
        return new NDList(
                manager.create(coords, new Shape(n, 2, 2)),
                manager.create(labels, new Shape(n, 2)));
    }

    /**
     * One points-only prompt: {@code points[k] = {x,y}}, {@code labels[k]} in {0,1}. The padding
     * point (0,0,−1) is appended, as SAM does when no box is given → coords {@code [1,K+1,2]},
     * labels {@code [1,K+1]}.
     */
    public static NDList points(NDManager manager, float[][] points, float[] labels) {
        if (points.length == 0 || points.length != labels.length) {
            throw new IllegalArgumentException("need ≥1 point and one label per point");
        }
        int k = points.length;
        float[] c = new float[(k + 1) * 2];
        float[] l = new float[k + 1];
        for (int i = 0; i < k; i++) {
            c[2 * i] = points[i][0];
            c[2 * i + 1] = points[i][1];
            l[i] = labels[i];
        }
        l[k] = PAD;
        return new NDList(
                manager.create(c, new Shape(1, k + 1, 2)), manager.create(l, new Shape(1, k + 1)));
    }
}
