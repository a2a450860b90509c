package io.medstream.training.samunet.train;

import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training batch drawn from the phantom generator (spec §12 prompts, adapted to phantoms).
 *
 * <p>Image i of step s is phantom {@code generate(dataSeed, firstIndex + s·B + i)}. Each image
 * gives K box prompts, sampled with replacement: with probability {@code lesionProbability} a
 * lesion (when the slice has one), otherwise an organ. Every box is the tight box of the target's
 * largest component, translated by one random integer offset per axis, uniform in [−m, m) with m =
 * min(5, int(0.5·min(w,h))), in original pixels. Randomness comes from a SplittableRandom seeded
 * with (dataSeed, index), so a batch depends on nothing but its seeds.
 *
 * @param images CHW images, {@code [B][3·S·S]}
 * @param boxes model-frame boxes, {@code [B·K][4]}, image-major (prompt p belongs to image p / K)
 * @param targets model-frame 0/1 targets, {@code [B·K][S·S]}
 * @param lesionPrompts how many of the B·K prompts are lesions
 */
public record TrainingBatch(
        float[][] images, float[][] boxes, float[][] targets, int lesionPrompts) {

    public static final int MAX_JITTER = 5;

    /** Draws the batch of images {@code firstIndex .. firstIndex + b − 1}. */
    public static TrainingBatch draw(
            PhantomGenerator generator,
            SamPreprocessor preprocessor,
            long dataSeed,
            long firstIndex,
            int b,
            int k,
            double lesionProbability) {
        float[][] images = new float[b][];
        float[][] boxes = new float[b * k][];
        float[][] targets = new float[b * k][];
        int lesions = 0;
        for (int i = 0; i < b; i++) {
            long index = firstIndex + i;
            PhantomSlice slice = generator.generate(dataSeed, Math.toIntExact(index));
            SamInput input = PhantomTargets.input(slice, preprocessor);
            ResizeGeometry g = input.geometry();
            images[i] = input.chw();
            List<PhantomTargets.Target> all = PhantomTargets.targets(slice);
            List<PhantomTargets.Target> organs = new ArrayList<>();
            List<PhantomTargets.Target> lesionTargets = new ArrayList<>();
            for (PhantomTargets.Target t : all) {
                (t.isLesion() ? lesionTargets : organs).add(t);
            }
            if (all.isEmpty()) {
                throw new IllegalStateException(
                        "phantom " + dataSeed + "/" + index + " has no targets");
            }
            SplittableRandom rng = new SplittableRandom(dataSeed * 0x9E3779B97F4A7C15L + index);
            for (int j = 0; j < k; j++) {
                boolean lesion =
                        !lesionTargets.isEmpty()
                                && (organs.isEmpty() || rng.nextDouble() < lesionProbability);
                List<PhantomTargets.Target> pool = lesion ? lesionTargets : organs;
                PhantomTargets.Target t = pool.get(rng.nextInt(pool.size()));
                lesions += lesion ? 1 : 0;
                int[] box = jitter(t.box(), rng);
                double[] mb = g.transformBox(new double[] {box[0], box[1], box[2], box[3]});
                boxes[i * k + j] =
                        new float[] {(float) mb[0], (float) mb[1], (float) mb[2], (float) mb[3]};
                targets[i * k + j] = PhantomTargets.toModelFrame(t.mask(), g);
            }
        }
        return new TrainingBatch(images, boxes, targets, lesions);
    }

    /**
     * Translates {x0,y0,x1,y1} by one offset per axis in [−m, m), m = min(5, int(0.5·min(w,h))).
     */
    public static int[] jitter(int[] box, SplittableRandom rng) {
        int w = box[2] - box[0];
        int h = box[3] - box[1];
        int m = Math.min(MAX_JITTER, (int) (0.5 * Math.min(w, h)));
        int dx = m > 0 ? rng.nextInt(-m, m) : 0;
        int dy = m > 0 ? rng.nextInt(-m, m) : 0;
        return new int[] {box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy};
    }
}
