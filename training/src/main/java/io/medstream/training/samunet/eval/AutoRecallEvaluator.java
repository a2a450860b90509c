package io.medstream.training.samunet.eval;

import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.auto.AutomaticMaskGenerator;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Lesion recall of the automatic mode on phantoms: a ground-truth lesion (or organ) counts as found
 * when some generated mask has IoU ≥ {@link #MATCH_IOU} with it. Also reports masks per image (the
 * price paid in false positives) and wall time per image.
 */
public final class AutoRecallEvaluator {

    public static final double MATCH_IOU = 0.5;

    private AutoRecallEvaluator() {}

    public static Map<String, Object> evaluate(
            AutomaticMaskGenerator generator, long seed, int count, IntConsumer progress) {
        PhantomGenerator phantoms = new PhantomGenerator();
        SamPreprocessor pre = new SamPreprocessor();
        Map<String, int[]> lesionBySize = new LinkedHashMap<>();
        for (String bin : List.of("small", "medium", "large")) {
            lesionBySize.put(bin, new int[2]);
        }
        int lesions = 0;
        int lesionHits = 0;
        int organs = 0;
        int organHits = 0;
        long masks = 0;
        long candidates = 0;
        long refined = 0;
        long matchedMasks = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            PhantomSlice slice = phantoms.generate(seed, i);
            SamInput input = PhantomTargets.input(slice, pre);
            List<AutoMask> out = generator.generate(input);
            masks += out.size();
            candidates += generator.lastCandidates();
            refined += generator.lastRefined();
            boolean[] used = new boolean[out.size()];
            for (PhantomTargets.Target t : PhantomTargets.targets(slice)) {
                boolean hit = false;
                for (int j = 0; j < out.size(); j++) {
                    if (DiceStats.iou(out.get(j).mask(), t.mask()) >= MATCH_IOU) {
                        hit = true;
                        used[j] = true;
                    }
                }
                if (t.isLesion()) {
                    lesions++;
                    lesionHits += hit ? 1 : 0;
                    int[] c = lesionBySize.get(SamUnetEvaluator.sizeBin(t.lesionDiameterMm()));
                    c[0]++;
                    c[1] += hit ? 1 : 0;
                } else {
                    organs++;
                    organHits += hit ? 1 : 0;
                }
            }
            for (boolean u : used) {
                matchedMasks += u ? 1 : 0;
            }
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", seed);
        r.put("count", count);
        r.put("matchIoU", MATCH_IOU);
        r.put("lesions", lesions);
        r.put("lesionRecall", lesions == 0 ? Double.NaN : (double) lesionHits / lesions);
        Map<String, Object> sizes = new LinkedHashMap<>();
        lesionBySize.forEach(
                (k, v) ->
                        sizes.put(
                                k,
                                Map.of(
                                        "lesions",
                                        v[0],
                                        "recall",
                                        v[0] == 0 ? Double.NaN : (double) v[1] / v[0])));
        r.put("lesionRecallBySize", sizes);
        r.put("organs", organs);
        r.put("organRecall", organs == 0 ? Double.NaN : (double) organHits / organs);
        r.put("masksPerImage", count == 0 ? Double.NaN : (double) masks / count);
        r.put("matchedMaskFraction", masks == 0 ? Double.NaN : (double) matchedMasks / masks);
        r.put("gridBoxesPerImage", count == 0 ? Double.NaN : (double) candidates / count);
        r.put("refinedPromptsPerImage", count == 0 ? Double.NaN : (double) refined / count);
        r.put("secondsPerImage", count == 0 ? Double.NaN : seconds / count);
        return r;
    }
}
