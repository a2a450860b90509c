package io.medstream.training.samunet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.ManagerScrubber;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.common.Upscale4xBlock;
import io.medstream.models.samunet.image.FusionAdapterBlock;
import io.medstream.models.samunet.image.SamUnetImageEncoderBlock;
import io.medstream.models.samunet.prompt.Prompts;
import io.medstream.phantom.PhantomGenerator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a SAM-UNet block on phantoms with DJL's {@link GradientCollector} and Adam.
 *
 * <p>Two kinds of stage:
 *
 * <ul>
 *   <li><b>ViT-only</b> ({@code fusion = false}): the image encoder runs with fusion disabled
 *       ({@link SamUnetImageEncoderBlock#setFusionEnabled}: no ResNet, no adapters_in, no bridges).
 *       Trainable: ViT incl. neck, embedding_encoder, prompt encoder, mask decoder. Stage 1 of the
 *       recipe (no pretrained SAM exists here) and the ablation arm.
 *   <li><b>SAM-UNet</b> ({@code fusion = true}): the ViT (patch embed, pos embed, layers, neck) is
 *       frozen ({@code Parameter.freeze}); trainable: ResNet, adapters_in, bridges,
 *       embedding_encoder, prompt encoder, mask decoder (spec §12). When the previous stage was
 *       ViT-only, the last convolution of every adapter and bridge is zeroed first, so the stage
 *       starts from exactly the ViT-only function and gradients still reach every new parameter.
 * </ul>
 *
 * <p>Loss: {@link SegmentationLoss}. Learning rate: linear warm-up over the first 5 % of steps,
 * then halved at 60 % and 85 % of the stage (MultiStepLR-like). BatchNorm runs in training mode.
 */
public final class SamUnetTrainer {

    /**
     * One stage.
     *
     * @param name "stage1_vit_only", "stage2_sam_unet", ...
     * @param fusion SAM-UNet (true) or ViT-only (false)
     * @param steps optimiser steps
     * @param lr base Adam learning rate
     * @param dataSeed phantom seed
     * @param firstIndex phantom index of the first image
     */
    public record Stage(
            String name, boolean fusion, int steps, float lr, long dataSeed, long firstIndex) {}

    /**
     * Batch composition.
     *
     * @param imagesPerStep B
     * @param promptsPerImage K
     * @param lesionProbability chance a prompt targets a lesion (when the slice has one)
     */
    public record Options(int imagesPerStep, int promptsPerImage, double lesionProbability) {}

    /** Progress callback, called after every step. */
    @FunctionalInterface
    public interface Progress {
        void onStep(String stage, int step, int steps, float loss, double seconds);
    }

    /** Called every {@code checkpointEvery} steps and at the end of a stage. */
    @FunctionalInterface
    public interface Checkpointer {
        void save(Stage stage, int stepsDone) throws Exception;
    }

    private final SamUnetBlock block;
    private final NDManager manager;
    private final Options options;
    private final PhantomGenerator generator = new PhantomGenerator();
    private final SamPreprocessor preprocessor = new SamPreprocessor();

    public SamUnetTrainer(SamUnetBlock block, NDManager manager, Options options) {
        this.block = block;
        this.manager = manager;
        this.options = options;
    }

    /**
     * Runs a stage and returns its summary (for the model card).
     *
     * @param previousFusion whether the weights came from a SAM-UNet (true) or ViT-only stage
     */
    public Map<String, Object> run(
            Stage stage,
            boolean previousFusion,
            Progress progress,
            int checkpointEvery,
            Checkpointer checkpointer)
            throws Exception {
        SamUnetImageEncoderBlock encoder = block.getImageEncoder();
        encoder.setFusionEnabled(stage.fusion());
        if (stage.fusion() && !previousFusion) {
            zeroLastLayers(encoder);
        }
        List<Pair<String, Parameter>> trainable = selectTrainable(stage.fusion());
        long trainableCount = 0;
        for (Pair<String, Parameter> p : trainable) {
            trainableCount += p.getValue().getArray().size();
        }
        int warm = Math.max(1, stage.steps() / 20);
        int m1 = warm + stage.steps() * 3 / 5;
        Tracker main =
                Tracker.multiFactor()
                        .setSteps(new int[] {m1, Math.max(m1 + 1, warm + stage.steps() * 17 / 20)})
                        .optFactor(0.5f)
                        .setBaseValue(stage.lr())
                        .build();
        Tracker lr = Tracker.warmUp().optWarmUpSteps(warm).setMainTracker(main).build();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).build();

        int b = options.imagesPerStep();
        int k = options.promptsPerImage();
        int s = block.getConfig().imageSize();
        ParameterStore ps = new ParameterStore(manager, false);
        // closes the per-step temporaries ops leave in the parameters' manager (see
        // ManagerScrubber);
        // the snapshot is taken after the first step, once Adam has created its state arrays
        ManagerScrubber scrubber = new ManagerScrubber(manager);
        long t0 = System.nanoTime();
        double lossSum = 0;
        double ema = Double.NaN;
        int skipped = 0;
        int consecutiveSkips = 0;
        for (int step = 0; step < stage.steps(); step++) {
            TrainingBatch batch =
                    TrainingBatch.draw(
                            generator,
                            preprocessor,
                            stage.dataSeed(),
                            stage.firstIndex() + (long) step * b,
                            b,
                            k,
                            options.lesionProbability());
            float lossValue;
            try (NDManager sm = manager.newSubManager()) {
                // image [B,3,S,S]; coords [B·K,2,2]; labels [B·K,2]; target [B·K,S,S]
                NDArray image = sm.create(flatten(batch.images()), new Shape(b, 3, s, s));
                NDList prompts = Prompts.boxes(sm, batch.boxes());
                NDArray target = sm.create(flatten(batch.targets()), new Shape((long) b * k, s, s));
                NDArray u =
                        SegmentationLoss.upsampleMatrix(sm, 4 * block.getConfig().gridSize(), s);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList enc = block.encode(ps, image, true);
                    // per-image embeddings [B,...] → per-prompt [B·K,...] (image-major)
                    NDArray emb = perPrompt(enc.get(0), k);
                    NDArray ms = perPrompt(enc.get(1), k);
                    NDArray logits =
                            block.decode(ps, emb, ms, prompts.get(0), prompts.get(1), true);
                    // [B·K,1,64,64] → [B·K,S,S]
                    NDArray up = SegmentationLoss.upsample(logits, u);
                    NDArray loss = SegmentationLoss.loss(up, target);
                    lossValue = loss.getFloat();
                    if (Float.isFinite(lossValue)) {
                        gc.backward(loss);
                    }
                }
                if (!Float.isFinite(lossValue)) {
                    // no backward ran, so no gradient was accumulated: skip the update
                    skipped++;
                    consecutiveSkips++;
                    System.err.printf(
                            "%s step %d: non-finite loss, update skipped (phantoms %d..%d)%n",
                            stage.name(),
                            step + 1,
                            stage.firstIndex() + (long) step * b,
                            stage.firstIndex() + (long) step * b + b - 1);
                    if (consecutiveSkips >= 5) {
                        throw new IllegalStateException(
                                "5 consecutive non-finite losses in " + stage.name());
                    }
                } else {
                    consecutiveSkips = 0;
                    for (Pair<String, Parameter> p : trainable) {
                        NDArray weight = p.getValue().getArray();
                        NDArray grad = weight.getGradient();
                        grad.attach(sm);
                        adam.update(p.getKey(), weight, grad);
                        // zero in place for the next step
                        grad.subi(grad);
                    }
                }
            }
            if (!scrubber.hasSnapshot()) {
                scrubber.snapshot();
            } else {
                scrubber.scrub();
            }
            if (Float.isFinite(lossValue)) {
                lossSum += lossValue;
                ema = Double.isNaN(ema) ? lossValue : 0.98 * ema + 0.02 * lossValue;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (progress != null) {
                progress.onStep(stage.name(), step + 1, stage.steps(), lossValue, seconds);
            }
            if (checkpointer != null
                    && checkpointEvery > 0
                    && (step + 1) % checkpointEvery == 0
                    && step + 1 < stage.steps()) {
                checkpointer.save(stage, step + 1);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        unfreezeAll();
        return SamUnetModelCard.stage(
                "name",
                stage.name(),
                "mode",
                stage.fusion() ? "sam_unet" : "vit_only",
                "steps",
                stage.steps(),
                "imagesPerStep",
                b,
                "promptsPerImage",
                k,
                "lesionProbability",
                options.lesionProbability(),
                "lr",
                stage.lr(),
                "lrSchedule",
                "warm-up " + warm + " steps, x0.5 at 60% and 85%",
                "dataSeed",
                stage.dataSeed(),
                "firstIndex",
                stage.firstIndex(),
                "lastIndex",
                stage.firstIndex() + (long) stage.steps() * b - 1,
                "trainableParameters",
                trainableCount,
                "meanLoss",
                stage.steps() - skipped == 0 ? Double.NaN : lossSum / (stage.steps() - skipped),
                "skippedNonFiniteSteps",
                skipped,
                "finalLossEma",
                ema,
                "seconds",
                Math.round(seconds));
    }

    /**
     * [B,...] → [B·K,...], image-major. Built from unsqueeze/expand/reshape, which autograd
     * follows; indexing with {@code get(i)} + concat silently cut the gradient to the image
     * encoder.
     */
    static NDArray perPrompt(NDArray x, int k) {
        if (k == 1) {
            return x;
        }
        long[] dims = x.getShape().getShape();
        long[] expanded = new long[dims.length + 1];
        expanded[0] = dims[0];
        expanded[1] = k;
        System.arraycopy(dims, 1, expanded, 2, dims.length - 1);
        long[] flat = dims.clone();
        flat[0] = dims[0] * k;
        // [B,...] → [B,1,...] → [B,K,...] → [B·K,...]
        return x.expandDims(1).broadcast(new Shape(expanded)).reshape(new Shape(flat));
    }

    /**
     * The parameters optimised in a stage (every other parameter is frozen while it runs);
     * BatchNorm running statistics are never optimised.
     */
    List<Pair<String, Parameter>> selectTrainable(boolean fusion) {
        SamUnetImageEncoderBlock enc = block.getImageEncoder();
        Set<Parameter> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
        if (fusion) {
            addAll(excluded, enc.getVit());
        } else {
            addAll(excluded, enc.getResNet());
            for (FusionAdapterBlock a : enc.getAdapters()) {
                addAll(excluded, a);
            }
            for (Upscale4xBlock br : enc.getBridges()) {
                addAll(excluded, br);
            }
        }
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            Parameter.Type t = param.getType();
            boolean stats = t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR;
            if (stats) {
                continue;
            }
            if (excluded.contains(param)) {
                param.freeze(true);
            } else if (param.requiresGradient()) {
                // (non-trainable buffers such as the prompt encoder's Gaussian matrix are skipped)
                out.add(p);
            }
        }
        return out;
    }

    private void unfreezeAll() {
        // restore the block's default (every learnable parameter requires a gradient) except
        // buffers
        SamUnetImageEncoderBlock enc = block.getImageEncoder();
        List<Block> groups = new ArrayList<>();
        groups.add(enc.getVit());
        groups.add(enc.getResNet());
        groups.addAll(enc.getAdapters());
        groups.addAll(enc.getBridges());
        for (Block g : groups) {
            for (Pair<String, Parameter> p : g.getParameters()) {
                Parameter.Type t = p.getValue().getType();
                if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                    p.getValue().freeze(false);
                }
            }
        }
    }

    private static void addAll(Set<Parameter> set, Block b) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            set.add(p.getValue());
        }
    }

    /** Zeroes the last child's parameters of every adapter and bridge (their output is then 0). */
    static void zeroLastLayers(SamUnetImageEncoderBlock enc) {
        List<Block> blocks = new ArrayList<>(enc.getAdapters());
        blocks.addAll(enc.getBridges());
        for (Block b : blocks) {
            BlockList children = b.getChildren();
            Block last = children.get(children.size() - 1).getValue();
            for (Pair<String, Parameter> p : last.getParameters()) {
                NDArray a = p.getValue().getArray();
                a.subi(a);
            }
        }
    }

    private static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }
}
