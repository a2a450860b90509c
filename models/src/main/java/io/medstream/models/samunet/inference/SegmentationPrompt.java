package io.medstream.models.samunet.inference;

import java.util.List;

/**
 * One prompt in <b>original pixel coordinates</b>: an optional box and any number of labelled
 * points (at least one of the two). Tokens sent to the prompt encoder, as in SAM: the points (label
 * 1 = foreground, 0 = background), then the box corners (labels 2, 3), or a padding point (label
 * −1) when there is no box.
 *
 * <p>A box prompt is by default a statement that the object lies inside the box, and the mask is
 * confined to it ({@link io.medstream.models.preprocess.MaskPostprocessor#confineToBox}); candidate
 * boxes that are not object boxes (the automatic mode's grid) turn that off.
 *
 * @param box {x0,y0,x1,y1} or null
 * @param points points, possibly empty
 * @param confineToBox drop mask pixels outside the box (ignored without a box)
 */
public record SegmentationPrompt(double[] box, List<Point> points, boolean confineToBox) {

    /**
     * A labelled point.
     *
     * @param x column coordinate
     * @param y row coordinate
     * @param foreground label 1 (true) or 0 (false)
     */
    public record Point(double x, double y, boolean foreground) {}

    public SegmentationPrompt {
        points = points == null ? List.of() : List.copyOf(points);
        if (box == null && points.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs a box or at least one point");
        }
        if (box != null) {
            if (box.length != 4) {
                throw new IllegalArgumentException("box must be {x0,y0,x1,y1}");
            }
            box = box.clone();
        }
    }

    /** A prompt whose mask is confined to its box when it has one. */
    public SegmentationPrompt(double[] box, List<Point> points) {
        this(box, points, true);
    }

    public static SegmentationPrompt box(double x0, double y0, double x1, double y1) {
        return new SegmentationPrompt(new double[] {x0, y0, x1, y1}, List.of());
    }

    /** This prompt with the box constraint on or off. */
    public SegmentationPrompt withConfineToBox(boolean confine) {
        return new SegmentationPrompt(box, points, confine);
    }

    /** Whether post-processing confines this prompt's mask to its box. */
    public boolean confinesMask() {
        return confineToBox && box != null;
    }

    public static SegmentationPrompt points(List<Point> points) {
        return new SegmentationPrompt(null, points);
    }

    /** Number of prompt-encoder tokens: points + 2 box corners, or points + 1 padding point. */
    public int tokenCount() {
        return points.size() + (box != null ? 2 : 1);
    }

    @Override
    public double[] box() {
        return box == null ? null : box.clone();
    }
}
