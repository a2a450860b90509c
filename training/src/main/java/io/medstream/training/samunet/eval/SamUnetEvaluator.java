package io.medstream.training.samunet.eval;

import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.training.samunet.train.TrainingBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Box-prompt evaluation on phantoms (spec §13 adapted): for phantoms {@code generate(seed,
 * 0..N−1)}, one prompt per organ and lesion, the tight box of the target's largest connected
 * component (x1/y1 exclusive, no jitter); Dice and IoU at the original resolution on the
 * thresholded mask.
 *
 * <p>Reported: meanDice / medianDice / meanIoU over all targets; Dice by structure (organ name, or
 * "lesion"); lesion Dice by size (longest diameter: small &lt; 10 mm, medium 10–20 mm, large &gt;
 * 20 mm); and {@code meanDiceSpecFilter}, the mean over targets larger than 100 px per 256² (the
 * spec's drop rule, which removes most small lesions). The headline figures use the box constraint
 * (each mask confined to its box, as the segmenter does for box prompts) unless asked otherwise;
 * the other variant is reported next to them.
 */
public final class SamUnetEvaluator {

    /** Lesion size bins (mm, longest diameter). */
    public static final double SMALL_MM = 10.0;

    public static final double LARGE_MM = 20.0;

    private SamUnetEvaluator() {}

    /** Size bin of a lesion diameter. */
    public static String sizeBin(double diameterMm) {
        return diameterMm < SMALL_MM ? "small" : diameterMm <= LARGE_MM ? "medium" : "large";
    }

    /**
     * How the prompt box is made from the target's tight box: {@code tight} (spec §13), {@code
     * loose} (grown by {@code margin} px on every side, a generously drawn box), or {@code jitter}
     * (shifted as in training, spec §12: one offset per axis in [−m, m), m = min(5,
     * int(0.5·min(w,h))), a box that may cut the object; seeded by the phantom seed and index).
     */
    public record BoxPrompts(String mode, int margin) {
        public static final BoxPrompts TIGHT = new BoxPrompts("tight", 0);

        public BoxPrompts {
            if (!List.of("tight", "loose", "jitter").contains(mode)
                    || margin < 0
                    || (margin > 0 && !mode.equals("loose"))) {
                throw new IllegalArgumentException(
                        "expected tight, loose:N (N >= 0) or jitter, got "
                                + mode
                                + (margin > 0 ? ":" + margin : ""));
            }
        }

        /** "tight", "jitter" or "loose:N". */
        public static BoxPrompts parse(String s) {
            String[] p = s.split(":", 2);
            try {
                return new BoxPrompts(p[0], p.length > 1 ? Integer.parseInt(p[1].trim()) : 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "expected tight, loose:N (N >= 0) or jitter, got " + s);
            }
        }

        double[] box(int[] tight, long seed, int index, int target) {
            return switch (mode) {
                case "loose" ->
                        new double[] {
                            tight[0] - margin,
                            tight[1] - margin,
                            tight[2] + margin,
                            tight[3] + margin
                        };
                case "jitter" -> {
                    int[] j =
                            TrainingBatch.jitter(
                                    tight,
                                    new SplittableRandom(
                                            seed * 0x9E3779B97F4A7C15L
                                                    + 1_000_003L * index
                                                    + target));
                    yield new double[] {j[0], j[1], j[2], j[3]};
                }
                default -> new double[] {tight[0], tight[1], tight[2], tight[3]};
            };
        }

        @Override
        public String toString() {
            return mode.equals("loose") ? mode + ":" + margin : mode;
        }
    }

    /**
     * Evaluates {@code count} phantoms of {@code seed} with tight boxes and the box constraint on
     * (the default of every box prompt); {@code progress} gets the number done.
     */
    public static Map<String, Object> evaluate(
            SamUnetPredictor segmenter, long seed, int count, IntConsumer progress) {
        return evaluate(segmenter, seed, count, true, BoxPrompts.TIGHT, progress);
    }

    /**
     * Evaluates {@code count} phantoms of {@code seed}. The decoder runs once per prompt without
     * the box constraint; the constrained mask is that mask with the pixels outside the box dropped
     * ({@link MaskPostprocessor#insideBox}, the rule the segmenter applies), so one run reports
     * both.
     *
     * @param boxConstraint which of the two the headline figures describe; the other goes under
     *     {@code "unconstrained"} or {@code "boxConstrained"}
     * @return JSON-ready report
     */
    public static Map<String, Object> evaluate(
            SamUnetPredictor segmenter,
            long seed,
            int count,
            boolean boxConstraint,
            BoxPrompts boxPrompts,
            IntConsumer progress) {
        PhantomGenerator generator = new PhantomGenerator();
        SamPreprocessor preprocessor = new SamPreprocessor();
        Figures confined = new Figures();
        Figures raw = new Figures();
        double encMs = 0;
        double decMs = 0;
        int prompts = 0;
        for (int i = 0; i < count; i++) {
            Optional<PhantomTargets.Sample> sample =
                    PhantomTargets.sample(generator, preprocessor, seed, i);
            if (sample.isEmpty()) {
                continue;
            }
            PhantomSlice slice = sample.get().slice();
            List<PhantomTargets.Target> targets = sample.get().targets();
            SamInput input = sample.get().input();
            List<SegmentationPrompt> ps = new ArrayList<>();
            for (int j = 0; j < targets.size(); j++) {
                ps.add(
                        new SegmentationPrompt(
                                boxPrompts.box(targets.get(j).box(), seed, i, j),
                                List.of(),
                                false));
            }
            List<SegmentationOutput> outs =
                    segmenter
                            .predictPreprocessed(
                                    List.of(input),
                                    List.of(slice.pixelSpacingMm() * slice.pixelSpacingMm()),
                                    List.of(ps))
                            .get(0);
            encMs += segmenter.lastTimings().encoderMs();
            decMs += segmenter.lastTimings().decoderMs();
            prompts += ps.size();
            double limit = 100.0 / (256.0 * 256.0) * slice.rows() * slice.columns();
            for (int j = 0; j < targets.size(); j++) {
                PhantomTargets.Target t = targets.get(j);
                boolean[] mask = outs.get(j).mask();
                raw.add(t, mask, limit);
                confined.add(
                        t, confine(mask, slice.rows(), slice.columns(), ps.get(j).box()), limit);
            }
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", seed);
        r.put("count", count);
        r.put("boxPrompts", boxPrompts.toString());
        r.put("boxConstraint", boxConstraint);
        (boxConstraint ? confined : raw).putInto(r);
        r.put("encoderMsPerImage", count == 0 ? Double.NaN : encMs / count);
        r.put("decoderMsPerPrompt", prompts == 0 ? Double.NaN : decMs / prompts);
        Map<String, Object> other = new LinkedHashMap<>();
        (boxConstraint ? raw : confined).putInto(other);
        other.remove("diceByStructure");
        r.put(boxConstraint ? "unconstrained" : "boxConstrained", other);
        return r;
    }

    private static boolean[] confine(boolean[] mask, int rows, int cols, double[] box) {
        boolean[] out = new boolean[mask.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                out[k] = mask[k] && MaskPostprocessor.insideBox(r, c, box);
            }
        }
        return out;
    }

    /** Dice/IoU lists of one way of post-processing. */
    private static final class Figures {
        final List<Double> all = new ArrayList<>();
        final List<Double> ious = new ArrayList<>();
        final List<Double> filtered = new ArrayList<>();
        final Map<String, List<Double>> byStructure = new TreeMap<>();
        final Map<String, List<Double>> bySize = new LinkedHashMap<>();

        Figures() {
            for (String bin : List.of("small", "medium", "large")) {
                bySize.put(bin, new ArrayList<>());
            }
        }

        void add(PhantomTargets.Target t, boolean[] mask, double limit) {
            double d = DiceStats.dice(mask, t.mask());
            all.add(d);
            ious.add(DiceStats.iou(mask, t.mask()));
            if (t.area() > limit) {
                filtered.add(d);
            }
            byStructure.computeIfAbsent(t.structure(), k -> new ArrayList<>()).add(d);
            if (t.isLesion()) {
                bySize.get(sizeBin(t.lesionDiameterMm())).add(d);
            }
        }

        void putInto(Map<String, Object> r) {
            r.put("targets", all.size());
            r.put("meanDice", DiceStats.mean(all));
            r.put("medianDice", DiceStats.median(all));
            r.put("meanIoU", DiceStats.mean(ious));
            r.put("meanDiceSpecFilter", DiceStats.mean(filtered));
            r.put("targetsSpecFilter", filtered.size());
            Map<String, Object> sizes = new LinkedHashMap<>();
            bySize.forEach((k, v) -> sizes.put(k, DiceStats.summary(v)));
            r.put("lesionDiceBySize", sizes);
            r.put(
                    "lesionSizeBinsMm",
                    "small < " + SMALL_MM + " <= medium <= " + LARGE_MM + " < large");
            Map<String, Object> structures = new LinkedHashMap<>();
            byStructure.forEach((k, v) -> structures.put(k, DiceStats.summary(v)));
            r.put("diceByStructure", structures);
        }
    }
}
