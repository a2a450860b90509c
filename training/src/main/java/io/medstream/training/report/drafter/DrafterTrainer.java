package io.medstream.training.report.drafter;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.medstream.models.report.drafter.DrafterBlock;
import io.medstream.models.report.drafter.DrafterConfig;
import io.medstream.models.report.drafter.DrafterInput;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;
import io.medstream.training.report.corpus.StudyExample;
import io.medstream.training.report.corpus.StudyImages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Supervised (teacher-forced) training of the base drafter on the rendered reference reports of
 * training phantoms.
 *
 * <p>The base budget is fixed and documented ({@link Settings#defaults()}): it is chosen to fit the
 * shared 2-core CPU, not tuned on the evaluation metrics.
 */
public final class DrafterTrainer {

    /**
     * @param trainCount training phantoms (seed {@code dataSeed}, indices 0..trainCount−1)
     * @param dataSeed phantom generator seed
     * @param steps Adam steps
     * @param batchSize reports per step
     * @param learningRate peak learning rate (cosine decay to 1 % over the steps)
     * @param seed weight initialisation and batch order
     */
    public record Settings(
            int trainCount,
            long dataSeed,
            int steps,
            int batchSize,
            float learningRate,
            long seed) {
        public static Settings defaults() {
            return new Settings(2000, StudyImages.TRAIN_SEED, 1500, 32, 1e-3f, 7L);
        }
    }

    private DrafterTrainer() {}

    /**
     * Builds the tokenizer from the training corpus, trains, writes the checkpoint to {@code
     * outDir}.
     */
    public static SmallDrafter train(Settings s, Path outDir, TrainingProgress progress)
            throws IOException {
        progress.update("drafter/data", 0, s.trainCount(), Double.NaN);
        List<StudyExample> data = StudyImages.examples(s.dataSeed(), 0, s.trainCount());
        progress.update("drafter/data", s.trainCount(), s.trainCount(), Double.NaN);
        ReportTokenizer tok =
                ReportTokenizer.build(data.stream().map(StudyExample::referenceText).toList());
        Engine.getInstance().setRandomSeed((int) s.seed());
        SmallDrafter d = new SmallDrafter(DrafterConfig.small(tok.size()), tok);
        double loss = fit(d, data, s, progress);
        String sha = d.save(outDir);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("finalTrainLoss", loss);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", s.batchSize());
        settings.put("learningRate", s.learningRate());
        settings.put("schedule", "cosine to 1%");
        settings.put("vocabSize", tok.size());
        new ModelCard(
                        "report-drafter",
                        "base",
                        "drafter",
                        null,
                        s.steps(),
                        s.dataSeed(),
                        s.trainCount(),
                        s.seed(),
                        Checkpoints.parameterCount(d.block()),
                        Checkpoints.WEIGHTS,
                        sha,
                        metrics,
                        settings,
                        "ReportModels.trainDrafter")
                .write(outDir);
        d.setModelRef(new ModelRef("report-drafter", "base", sha));
        return d;
    }

    /**
     * The training loop without data generation or saving (tests, and callers that bring their own
     * data).
     */
    public static double fitForTest(SmallDrafter d, List<StudyExample> data, Settings s) {
        return fit(d, data, s, TrainingProgress.NONE);
    }

    /** The training loop; returns the mean loss of the last 50 steps. */
    static double fit(
            SmallDrafter d, List<StudyExample> data, Settings s, TrainingProgress progress) {
        ReportTokenizer tok = d.tokenizer();
        int[][] seqs =
                data.stream()
                        .map(e -> withBosEos(tok.encode(e.referenceText())))
                        .toArray(int[][]::new);
        Tracker lr =
                Tracker.cosine()
                        .setBaseValue(s.learningRate())
                        .optFinalValue(s.learningRate() / 100)
                        .setMaxUpdates(s.steps())
                        .build();
        DefaultTrainingConfig cfg =
                new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(lr)
                                        .optClipGrad(1f)
                                        .build());
        SplittableRandom rng = new SplittableRandom(s.seed());
        double recent = 0;
        int recentN = 0;
        try (Trainer trainer = d.model().newTrainer(cfg)) {
            for (int step = 1; step <= s.steps(); step++) {
                int[] idx = new int[s.batchSize()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rng.nextInt(data.size());
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray img = images(m, data, idx);
                    NDArray tokArr = padded(m, seqs, idx);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits =
                                trainer.forward(new NDList(img, tokArr)).singletonOrThrow();
                        NDArray lp =
                                DrafterBlock.targetLogProbs(logits, tokArr, ReportTokenizer.PAD_ID);
                        long count =
                                tokArr.get(new NDIndex(":, 1:"))
                                        .neq(ReportTokenizer.PAD_ID)
                                        .countNonzero()
                                        .getLong();
                        NDArray loss = lp.sum().neg().div(count);
                        gc.backward(loss);
                        double l = loss.getFloat();
                        if (step > s.steps() - 50) {
                            recent += l;
                            recentN++;
                        }
                        progress.update("drafter", step, s.steps(), l);
                    }
                    trainer.step();
                }
            }
        }
        return recent / Math.max(1, recentN);
    }

    public static int[] withBosEos(int[] ids) {
        int[] out = new int[ids.length + 2];
        out[0] = ReportTokenizer.BOS_ID;
        System.arraycopy(ids, 0, out, 1, ids.length);
        out[out.length - 1] = ReportTokenizer.EOS_ID;
        return out;
    }

    /** (n, 2, 64, 64) images of the selected examples. */
    public static NDArray images(NDManager m, List<StudyExample> data, int[] idx) {
        int per = DrafterInput.CHANNELS * DrafterInput.SIZE * DrafterInput.SIZE;
        float[] buf = new float[idx.length * per];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(data.get(idx[i]).image(), 0, buf, i * per, per);
        }
        return m.create(buf, SmallDrafter.imageShape(idx.length));
    }

    /** (n, T) right-padded token ids of the selected sequences. */
    public static NDArray padded(NDManager m, int[][] seqs, int[] idx) {
        int t = 0;
        for (int i : idx) {
            t = Math.max(t, seqs[i].length);
        }
        int[] buf = new int[idx.length * t];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(seqs[idx[i]], 0, buf, i * t, seqs[idx[i]].length);
        }
        return m.create(buf, new Shape(idx.length, t));
    }
}
