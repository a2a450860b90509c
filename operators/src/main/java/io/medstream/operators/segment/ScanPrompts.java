package io.medstream.operators.segment;

import io.medstream.models.samunet.inference.SegmentationPrompt;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.PointPrompt;
import io.medstream.schemas.ScanEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompts a sender attached to a scan, checked against the image. Each box is one prompt; all
 * points together form one more prompt (SAM's semantics: the points of a prompt describe one
 * object).
 */
public final class ScanPrompts {
    private ScanPrompts() {}

    /** Thrown for prompts that cannot be valid for the image; the scan becomes a dead letter. */
    public static final class InvalidPromptException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidPromptException(String message) {
            super(message);
        }
    }

    /**
     * Prompts in model order, box prompts confined to their box when {@code boxConstraint}; the
     * i-th entry of {@code boxesOut} is the sender's box of prompt i (null for points).
     */
    public static List<SegmentationPrompt> of(
            ScanEvent e, int maxPrompts, boolean boxConstraint, List<BoxPrompt> boxesOut) {
        int rows = e.getRows();
        int cols = e.getColumns();
        int count = e.getBoxes().size() + (e.getPoints().isEmpty() ? 0 : 1);
        if (count > maxPrompts) {
            throw new InvalidPromptException(
                    count + " prompts exceed the limit of " + maxPrompts + " per scan");
        }
        List<SegmentationPrompt> out = new ArrayList<>();
        for (BoxPrompt b : e.getBoxes()) {
            if (!(b.getX0() < b.getX1() && b.getY0() < b.getY1())) {
                throw new InvalidPromptException("box " + describe(b) + " is empty or inverted");
            }
            // A box may reach past the border by its jitter, but must overlap the image.
            if (b.getX1() <= 0
                    || b.getY1() <= 0
                    || b.getX0() >= cols
                    || b.getY0() >= rows
                    || !Float.isFinite(b.getX0() + b.getX1() + b.getY0() + b.getY1())) {
                throw new InvalidPromptException(
                        "box " + describe(b) + " lies outside the " + cols + "x" + rows + " image");
            }
            out.add(
                    SegmentationPrompt.box(b.getX0(), b.getY0(), b.getX1(), b.getY1())
                            .withConfineToBox(boxConstraint));
            boxesOut.add(b);
        }
        if (!e.getPoints().isEmpty()) {
            List<SegmentationPrompt.Point> pts = new ArrayList<>();
            for (PointPrompt p : e.getPoints()) {
                if (!(p.getX() >= 0 && p.getY() >= 0 && p.getX() < cols && p.getY() < rows)) {
                    throw new InvalidPromptException(
                            "point ("
                                    + p.getX()
                                    + ", "
                                    + p.getY()
                                    + ") lies outside the "
                                    + cols
                                    + "x"
                                    + rows
                                    + " image");
                }
                pts.add(new SegmentationPrompt.Point(p.getX(), p.getY(), p.getForeground()));
            }
            out.add(SegmentationPrompt.points(pts));
            boxesOut.add(null);
        }
        return out;
    }

    private static String describe(BoxPrompt b) {
        return "[" + b.getX0() + ", " + b.getY0() + ", " + b.getX1() + ", " + b.getY1() + "]";
    }
}
