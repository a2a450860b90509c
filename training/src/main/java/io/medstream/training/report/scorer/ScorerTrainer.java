package io.medstream.training.report.scorer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;
import io.medstream.training.report.corpus.StudyExample;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.drafter.DrafterTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Contrastive training of the visual scorer: InfoNCE over a batch of B images and 2B sentences (one
 * true sentence per image plus one hard negative of it, {@link HardNegatives}).
 *
 * <p>Sentence-level InfoNCE has many false negatives ("No focal lesion in the spleen." is true of
 * most abdomen slices), so the target of each row is the set of all sentences in the batch that are
 * true of that image ({@link HardNegatives#strictTrue}), i.e. multi-positive
 * (supervised-contrastive) InfoNCE: L_i2t = −mean_i Σ_j T_ij log softmax_j(s·cos_ij) / Σ_j T_ij,
 * and symmetrically L_t2i over the B true sentences. s = {@link #LOGIT_SCALE}. Hard negatives only
 * appear as text candidates (columns).
 */
public final class ScorerTrainer {

    public static final float LOGIT_SCALE = 10f;

    /**
     * @param trainCount training phantoms
     * @param dataSeed phantom seed
     * @param steps Adam steps
     * @param batchSize images per step (2× as many sentences)
     * @param learningRate peak learning rate (cosine to 1 %)
     * @param seed initialisation, batch order and negative sampling
     */
    public record Settings(
            int trainCount,
            long dataSeed,
            int steps,
            int batchSize,
            float learningRate,
            long seed) {
        public static Settings defaults() {
            return new Settings(2000, StudyImages.TRAIN_SEED, 2400, 48, 1e-3f, 11L);
        }
    }

    private ScorerTrainer() {}

    public static VisualScorer train(Settings s, Path outDir, TrainingProgress progress)
            throws IOException {
        List<StudyExample> data = StudyImages.examples(s.dataSeed(), 0, s.trainCount());
        ReportTokenizer tok =
                ReportTokenizer.build(data.stream().map(StudyExample::referenceText).toList());
        Engine.getInstance().setRandomSeed((int) s.seed());
        VisualScorer scorer = new VisualScorer(tok);
        double loss = fit(scorer, data, s, progress);
        List<StudyExample> val = StudyImages.examples(StudyImages.VALIDATION_SEED, 0, 200);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("finalTrainLoss", loss);
        metrics.putAll(hardNegativeAccuracy(scorer, val, s.seed()));
        String sha = scorer.save(outDir);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", s.batchSize());
        settings.put("learningRate", s.learningRate());
        settings.put("logitScale", LOGIT_SCALE);
        new ModelCard(
                        "report-scorer",
                        "base",
                        "scorer",
                        null,
                        s.steps(),
                        s.dataSeed(),
                        s.trainCount(),
                        s.seed(),
                        Checkpoints.parameterCount(scorer.block()),
                        Checkpoints.WEIGHTS,
                        sha,
                        metrics,
                        settings,
                        "ReportModels.trainScorer")
                .write(outDir);
        scorer.setModelRef(new ModelRef("report-scorer", "base", sha));
        return scorer;
    }

    static double fit(
            VisualScorer scorer, List<StudyExample> data, Settings s, TrainingProgress progress) {
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
        int b = s.batchSize();
        try (Trainer trainer = scorer.model().newTrainer(cfg)) {
            for (int step = 1; step <= s.steps(); step++) {
                int[] idx = new int[b];
                List<String> texts = new ArrayList<>();
                List<Fact> facts = new ArrayList<>();
                List<String> negTexts = new ArrayList<>();
                List<Fact> negFacts = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    idx[i] = rng.nextInt(data.size());
                    StudyExample e = data.get(idx[i]);
                    // half the time a lesion sentence when there is one: lesions are the rare,
                    // important facts
                    List<String> ref = e.reference();
                    List<String> lesions =
                            ref.stream()
                                    .filter(
                                            x ->
                                                    SentenceParser.parse(x).orElseThrow().kind()
                                                            == Fact.Kind.LESION)
                                    .toList();
                    String sent =
                            !lesions.isEmpty() && rng.nextBoolean()
                                    ? lesions.get(rng.nextInt(lesions.size()))
                                    : ref.get(rng.nextInt(ref.size()));
                    Fact f = SentenceParser.parse(sent).orElseThrow();
                    texts.add(sent);
                    facts.add(f);
                    HardNegatives.Negative n = HardNegatives.of(f, e.truth().modality(), rng);
                    negTexts.add(n.sentence());
                    negFacts.add(n.fact());
                }
                texts.addAll(negTexts);
                facts.addAll(negFacts);
                float[] target = new float[b * 2 * b]; // (B, 2B) truth matrix
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < 2 * b; j++) {
                        target[i * 2 * b + j] =
                                HardNegatives.strictTrue(facts.get(j), data.get(idx[i]).truth())
                                        ? 1
                                        : 0;
                    }
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray img = DrafterTrainer.images(m, data, idx);
                    NDArray tok = VisualScorer.tokens(m, scorer.tokenizer(), texts);
                    NDArray t = m.create(target, new Shape(b, 2L * b));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(img, tok));
                        NDArray logits =
                                out.get(0)
                                        .matMul(out.get(1).transpose())
                                        .mul(LOGIT_SCALE); // (B, 2B)
                        NDArray i2t =
                                logits.logSoftmax(1)
                                        .mul(t)
                                        .sum(new int[] {1})
                                        .div(t.sum(new int[] {1}))
                                        .mean()
                                        .neg();
                        // text→image over the B true sentences: (B, B) block, columns are sentences
                        NDArray pos = logits.get(":, :" + b);
                        NDArray tp = t.get(":, :" + b);
                        NDArray t2i =
                                pos.logSoftmax(0)
                                        .mul(tp)
                                        .sum(new int[] {0})
                                        .div(tp.sum(new int[] {0}))
                                        .mean()
                                        .neg();
                        NDArray loss = i2t.add(t2i).div(2f);
                        gc.backward(loss);
                        double l = loss.getFloat();
                        if (step > s.steps() - 50) {
                            recent += l;
                            recentN++;
                        }
                        progress.update("scorer", step, s.steps(), l);
                    }
                    trainer.step();
                }
            }
        }
        return recent / Math.max(1, recentN);
    }

    /**
     * Share of (true sentence, hard negative of it) pairs on held-out phantoms where the true
     * sentence scores higher, overall and per perturbation kind.
     */
    public static Map<String, Double> hardNegativeAccuracy(
            VisualScorer scorer, List<StudyExample> data, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (StudyExample e : data) {
            for (String sent : e.reference()) {
                Fact f = SentenceParser.parse(sent).orElseThrow();
                HardNegatives.Negative n = HardNegatives.of(f, e.truth().modality(), rng);
                double[] sc = scorer.score(e.image(), List.of(sent, n.sentence()));
                boolean ok = sc[0] > sc[1];
                for (String k : List.of("all", n.kind().name())) {
                    int[] c = counts.computeIfAbsent(k, x -> new int[2]);
                    c[0] += ok ? 1 : 0;
                    c[1]++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put("hardNegativeAccuracy/" + k, (double) c[0] / c[1]));
        return out;
    }
}
