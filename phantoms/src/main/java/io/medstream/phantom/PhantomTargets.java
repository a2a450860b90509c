package io.medstream.phantom;

import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Segmentation targets of one phantom slice: every organ and lesion mask (the {@code body} outline
 * is not a target), each with the tight box of its largest connected component (spec §13: x1/y1 one
 * past the last pixel), plus the SAM-UNet input tensor.
 */
public final class PhantomTargets {

    /** Structure name that is not a segmentation target. */
    public static final String BODY = "body";

    /**
     * One target structure.
     *
     * @param name mask name ("liver", "lesion_1", ...)
     * @param structure "lesion" for lesions, else the organ name
     * @param mask full mask, rows×cols row-major
     * @param box {x0,y0,x1,y1} in original pixels, x1/y1 exclusive, of the largest component
     * @param lesionDiameterMm the finding's longest diameter, or NaN for organs
     */
    public record Target(
            String name,
            String structure,
            boolean[] mask,
            int area,
            int[] box,
            double lesionDiameterMm) {

        public boolean isLesion() {
            return !Double.isNaN(lesionDiameterMm);
        }
    }

    /**
     * One evaluation phantom with its targets and its model input.
     *
     * @param slice the phantom
     * @param targets its non-empty targets, in mask order
     * @param input its SAM-UNet input
     */
    public record Sample(PhantomSlice slice, List<Target> targets, SamInput input) {}

    private PhantomTargets() {}

    /**
     * Phantom {@code index} of {@code seed} as {@code sam eval} sees it, or empty when it has no
     * target (such phantoms are skipped, not counted).
     */
    public static Optional<Sample> sample(
            PhantomGenerator generator, SamPreprocessor preprocessor, long seed, int index) {
        PhantomSlice slice = generator.generate(seed, index);
        List<Target> targets = targets(slice);
        return targets.isEmpty()
                ? Optional.empty()
                : Optional.of(new Sample(slice, targets, input(slice, preprocessor)));
    }

    /** The SAM-UNet input of a phantom slice (window from its tags, MONOCHROME2). */
    public static SamInput input(PhantomSlice slice, SamPreprocessor preprocessor) {
        return preprocessor.preprocess(slice.image());
    }

    /** All non-empty organ and lesion targets, in mask order. */
    public static List<Target> targets(PhantomSlice slice) {
        List<Target> out = new ArrayList<>();
        for (Map.Entry<String, Mask> e : slice.masks().entrySet()) {
            String name = e.getKey();
            if (BODY.equals(name)) {
                continue;
            }
            Mask m = e.getValue();
            boolean[] bits = m.toArray();
            int[] box = Components.largestComponentBox(bits, m.rows(), m.columns());
            if (box == null) {
                continue;
            }
            double diameter = Double.NaN;
            String structure = name;
            for (LesionFinding f : slice.findings()) {
                if (f.id().equals(name)) {
                    diameter = f.longestDiameterMm();
                    structure = "lesion";
                }
            }
            out.add(new Target(name, structure, bits, m.area(), box, diameter));
        }
        return out;
    }

    /**
     * A mask at original resolution → the padded model frame (nearest neighbour, SAM's resize of
     * the GT in training): {@code [S·S]} with S = geometry target, 1 inside, 0 outside/padding.
     */
    public static float[] toModelFrame(boolean[] mask, ResizeGeometry g) {
        int t = g.target();
        float[] out = new float[t * t];
        int h = g.originalRows();
        int w = g.originalCols();
        for (int r = 0; r < g.resizedRows(); r++) {
            int sr = Math.min(h - 1, (int) Math.floor((r + 0.5) * h / g.resizedRows()));
            for (int c = 0; c < g.resizedCols(); c++) {
                int sc = Math.min(w - 1, (int) Math.floor((c + 0.5) * w / g.resizedCols()));
                out[r * t + c] = mask[sr * w + sc] ? 1f : 0f;
            }
        }
        return out;
    }
}
