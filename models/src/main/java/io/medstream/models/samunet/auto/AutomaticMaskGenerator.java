package io.medstream.models.samunet.auto;

import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Automatic mode for images without prompts, in the spirit of SAM's automatic mask generator but
 * with box prompts (SAM-UNet is box-trained):
 *
 * <ol>
 *   <li>multi-scale grid of square boxes (sides {@link AutoMaskOptions#boxSizes}, stride a fraction
 *       of the side), skipping boxes over flat input (air, padding);
 *   <li>coarse pass: all grid boxes decoded in batches → low-res logits {@code [N][64·64]}; a mask
 *       whose low-res stability reaches {@link AutoMaskOptions#coarseStabilityThreshold} becomes a
 *       new prompt: its own bounding box (a grid box rarely fits an object, and the model was
 *       trained on tight boxes); near-duplicates (box IoU &gt; 0.9) are merged;
 *   <li>refined pass: those boxes decoded again, masks brought to the original resolution and kept
 *       when stability ≥ threshold, box fit (IoU of prompt box and mask box) ≥ threshold and area ≥
 *       minimum — a box that tightly fits an object reproduces itself;
 *   <li>greedy box NMS on the masks' bounding boxes, ranked by stability × box fit.
 * </ol>
 */
public final class AutomaticMaskGenerator {

    private final SamUnetPredictor predictor;
    private final AutoMaskOptions options;
    private int lastCandidates;
    private int lastRefined;

    public AutomaticMaskGenerator(SamUnetPredictor predictor, AutoMaskOptions options) {
        this.predictor = predictor;
        this.options = options;
    }

    /** Number of grid boxes decoded in the last call. */
    public int lastCandidates() {
        return lastCandidates;
    }

    /** Reference side of {@link AutoMaskOptions#boxSizes}: the model's input size. */
    public static final int REFERENCE_SIDE = 256;

    /**
     * Box sizes for an image: the options give them for a {@value #REFERENCE_SIDE}-pixel image and
     * they scale with the longer side, so the number of grid prompts (and the time per image) does
     * not grow with the resolution — the model sees every image at 256 pixels anyway (SAM's
     * generator uses a normalised point grid for the same reason). A 512×512 CT would otherwise get
     * 4× the prompts of a 256×256 one.
     */
    public static int[] scaledSizes(int[] sizes, int rows, int cols) {
        double f = Math.max(rows, cols) / (double) REFERENCE_SIDE;
        int[] out = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = Math.max(1, (int) Math.round(sizes[i] * f));
        }
        return out;
    }

    /** The grid boxes for an image (original pixels), before the flat-input filter. */
    public static List<double[]> gridBoxes(int rows, int cols, int[] sizes, double strideFraction) {
        List<double[]> out = new ArrayList<>();
        for (int s : sizes) {
            if (s > Math.max(rows, cols)) {
                continue;
            }
            int stride = Math.max(1, (int) Math.round(s * strideFraction));
            for (int y = 0; y + s <= rows || y == 0; y += stride) {
                for (int x = 0; x + s <= cols || x == 0; x += stride) {
                    out.add(new double[] {x, y, Math.min(cols, x + s), Math.min(rows, y + s)});
                    if (x + s >= cols) {
                        break;
                    }
                }
                if (y + s >= rows) {
                    break;
                }
            }
        }
        return out;
    }

    /** Runs the automatic mode on a preprocessed image. */
    public List<AutoMask> generate(SamInput input) {
        ResizeGeometry g = input.geometry();
        // 1. grid boxes over non-flat input
        List<SegmentationPrompt> grid = new ArrayList<>();
        for (double[] b :
                gridBoxes(
                        g.originalRows(),
                        g.originalCols(),
                        scaledSizes(options.boxSizes(), g.originalRows(), g.originalCols()),
                        options.strideFraction())) {
            if (frameStd(input, g.transformBox(b)) >= options.minBoxStd()) {
                grid.add(
                        new SegmentationPrompt(
                                b, List.of(), false)); // a grid cell is not an object box
            }
        }
        lastCandidates = grid.size();
        if (grid.isEmpty()) {
            return List.of();
        }
        // 2. coarse pass, judged on the 64×64 logits only (cheap): keep somewhat stable masks and
        //    re-prompt each with its own bounding box
        float[][] coarse = predictor.lowResLogits(input, grid);
        List<AutoMask> refinedPrompts = new ArrayList<>();
        for (float[] lr : coarse) {
            LowRes stats = LowRes.of(lr);
            if (stats.area == 0 || stats.stability < options.coarseStabilityThreshold()) {
                continue;
            }
            double[] box = stats.originalBox(g);
            if (box[2] - box[0] < 1 || box[3] - box[1] < 1) {
                continue;
            }
            refinedPrompts.add(new AutoMask(null, null, box, stats.stability, 1.0, stats.area));
        }
        // near-duplicate refined prompts are decoded once
        List<AutoMask> unique = nmsOnPromptBoxes(refinedPrompts, 0.9);
        lastRefined = unique.size();
        if (unique.isEmpty()) {
            return List.of();
        }
        List<SegmentationPrompt> second = new ArrayList<>();
        for (AutoMask u : unique) {
            second.add(new SegmentationPrompt(u.promptBox(), List.of(), false));
        }
        // 3. refined pass at the original resolution: stability, box fit, area
        float[][] lowRes = predictor.lowResLogits(input, second);
        int low = (int) Math.round(Math.sqrt(lowRes[0].length));
        List<AutoMask> kept = new ArrayList<>();
        for (int i = 0; i < lowRes.length; i++) {
            float[] logits = MaskPostprocessor.lowResLogitsToOriginal(lowRes[i], low, low, g);
            SegmentationOutput o =
                    SegmentationOutput.fromLogits(
                            logits, g.originalRows(), g.originalCols(), lowRes[i], Double.NaN);
            if (o.areaPixels() < options.minAreaPixels()
                    || o.stabilityScore() < options.stabilityThreshold()) {
                continue;
            }
            int[] box = maskBox(o.mask(), g.originalRows(), g.originalCols());
            double[] pb = second.get(i).box();
            double fit = boxIou(new double[] {box[0], box[1], box[2], box[3]}, pb);
            if (fit < options.boxFitThreshold()) {
                continue;
            }
            kept.add(new AutoMask(o.mask(), box, pb, o.stabilityScore(), fit, o.areaPixels()));
        }
        // 4. NMS on the masks' boxes
        return nms(kept, options.nmsIou());
    }

    /** Number of refined prompts decoded in the last call. */
    public int lastRefined() {
        return lastRefined;
    }

    /** Low-res (64×64, model frame) statistics of one logit map. */
    private record LowRes(
            int area, float stability, int minR, int minC, int maxR, int maxC, int side) {

        static LowRes of(float[] lr) {
            int side = (int) Math.round(Math.sqrt(lr.length));
            int area = 0;
            long hi = 0;
            long lo = 0;
            int minR = side;
            int minC = side;
            int maxR = -1;
            int maxC = -1;
            for (int i = 0; i < lr.length; i++) {
                float v = lr[i];
                if (v > 0f) {
                    area++;
                    int r = i / side;
                    int c = i % side;
                    minR = Math.min(minR, r);
                    maxR = Math.max(maxR, r);
                    minC = Math.min(minC, c);
                    maxC = Math.max(maxC, c);
                }
                if (v > SegmentationOutput.STABILITY_OFFSET) {
                    hi++;
                }
                if (v > -SegmentationOutput.STABILITY_OFFSET) {
                    lo++;
                }
            }
            return new LowRes(area, lo == 0 ? 0f : (float) hi / lo, minR, minC, maxR, maxC, side);
        }

        /** Bounding box in original pixels {x0,y0,x1,y1} (exclusive), clipped to the image. */
        double[] originalBox(ResizeGeometry g) {
            // low-res pixel → model-frame pixels (×target/side) → original pixels (/scale)
            double f = (double) g.target() / side / g.scale();
            return new double[] {
                Math.max(0, minC * f), Math.max(0, minR * f),
                Math.min(g.originalCols(), (maxC + 1) * f),
                        Math.min(g.originalRows(), (maxR + 1) * f)
            };
        }
    }

    /** Greedy NMS on the prompt boxes (for de-duplicating refined prompts). */
    static List<AutoMask> nmsOnPromptBoxes(List<AutoMask> masks, double iouThreshold) {
        List<AutoMask> sorted = new ArrayList<>(masks);
        sorted.sort(Comparator.comparingDouble(AutoMask::score).reversed());
        List<AutoMask> out = new ArrayList<>();
        for (AutoMask m : sorted) {
            boolean dup = false;
            for (AutoMask k : out) {
                if (boxIou(m.promptBox(), k.promptBox()) > iouThreshold) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                out.add(m);
            }
        }
        return out;
    }

    /** Greedy NMS on mask bounding boxes, best score first. */
    static List<AutoMask> nms(List<AutoMask> masks, double iouThreshold) {
        List<AutoMask> sorted = new ArrayList<>(masks);
        sorted.sort(Comparator.comparingDouble(AutoMask::score).reversed());
        List<AutoMask> out = new ArrayList<>();
        for (AutoMask m : sorted) {
            boolean suppressed = false;
            double[] mb = {m.box()[0], m.box()[1], m.box()[2], m.box()[3]};
            for (AutoMask k : out) {
                double[] kb = {k.box()[0], k.box()[1], k.box()[2], k.box()[3]};
                if (boxIou(mb, kb) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                out.add(m);
            }
        }
        return out;
    }

    /** IoU of two {x0,y0,x1,y1} boxes (exclusive max). */
    public static double boxIou(double[] a, double[] b) {
        double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double ua = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return inter / ua;
    }

    /** {x0,y0,x1,y1} of a non-empty mask (exclusive max). */
    static int[] maskBox(boolean[] mask, int rows, int cols) {
        int minR = rows;
        int minC = cols;
        int maxR = -1;
        int maxC = -1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (mask[r * cols + c]) {
                    minR = Math.min(minR, r);
                    maxR = Math.max(maxR, r);
                    minC = Math.min(minC, c);
                    maxC = Math.max(maxC, c);
                }
            }
        }
        return new int[] {minC, minR, maxC + 1, maxR + 1};
    }

    /** Std of channel 0 of the normalised input inside a model-frame box. */
    static double frameStd(SamInput input, double[] box) {
        int t = input.geometry().target();
        int x0 = Math.max(0, (int) Math.floor(box[0]));
        int y0 = Math.max(0, (int) Math.floor(box[1]));
        int x1 = Math.min(t, (int) Math.ceil(box[2]));
        int y1 = Math.min(t, (int) Math.ceil(box[3]));
        float[] chw = input.chw();
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double v = chw[y * t + x];
                s += v;
                s2 += v * v;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = s / n;
        return Math.sqrt(Math.max(0, s2 / n - mean * mean));
    }
}
