package io.medstream.training.report.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.PreferencePairs;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.DrafterBlock;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.training.report.corpus.StudyExample;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.drafter.DrafterTrainer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The CSR loop (spec §5): for each iteration t = 1..T, curate pairs with the current policy π_{t−1}
 * (sentence search + calibrated reward), then fine-tune with the DPO loss against π_{t−1} frozen as
 * the reference, and write the result as checkpoint "dpo&lt;t&gt;" with its model card and pair
 * file. The reference log-probs are computed once per iteration from the policy's weights before
 * its first update, which is exactly π_{t−1}: no second copy of the network is needed and nothing
 * (no projector, spec quirk 11) can drift. Full fine-tuning, no LoRA (the model is small).
 */
public final class DpoTrainer {

    /**
     * @param iterations CSR iterations (3)
     * @param pairImages training phantoms searched per iteration (indices 0..pairImages−1 of the
     *     training seed, the same prompts every round, as the reference code)
     * @param epochs passes over each iteration's pairs
     * @param batchSize pairs per step
     * @param learningRate constant Adam learning rate
     * @param beta DPO β
     * @param seed pair order
     */
    public record Settings(
            int iterations,
            int pairImages,
            int epochs,
            int batchSize,
            float learningRate,
            double beta,
            long seed) {
        public static Settings defaults() {
            return new Settings(3, 100, 2, 8, 1e-4f, DpoLoss.BETA, 13L);
        }
    }

    private DpoTrainer() {}

    /**
     * Runs the loop. {@code initialPairs}, when given, replaces the curation of iteration 1 (later
     * iterations always curate with their own current model). Checkpoints go to {@code
     * outRoot/dpo1..dpoT}; iterations whose checkpoint (model card) already exists are not redone:
     * the loop resumes from the last one.
     */
    public static List<Path> run(
            Path baseDir,
            Path scorerDir,
            Path outRoot,
            File initialPairs,
            Settings s,
            SentenceSearch.Settings searchSettings,
            TrainingProgress progress)
            throws IOException {
        List<Path> out = new ArrayList<>();
        PhantomGenerator gen = new PhantomGenerator(StudyImages.PHANTOM_CONFIG);
        List<StudyExample> prompts =
                StudyImages.examples(StudyImages.TRAIN_SEED, 0, s.pairImages());
        SentenceSearch search = new SentenceSearch(searchSettings);
        // resume: continue after the last complete iteration already in outRoot (a card is written
        // last)
        int done = 0;
        while (done < s.iterations()
                && Files.exists(
                        outRoot.resolve(DrafterVersions.dpo(done + 1)).resolve(ModelCard.FILE))) {
            done++;
        }
        String parent = done == 0 ? DrafterVersions.BASE : DrafterVersions.dpo(done);
        Path start = done == 0 ? baseDir : outRoot.resolve(parent);
        try (SmallDrafter policy = SmallDrafter.load(start);
                VisualScorer scorer = VisualScorer.load(scorerDir)) {
            for (int it = done + 1; it <= s.iterations(); it++) {
                String phase = DrafterVersions.dpo(it);
                Path dir = outRoot.resolve(phase);
                Files.createDirectories(dir);
                List<PairGenerator.Stats> stats = new ArrayList<>();
                List<PreferencePair> pairs =
                        it == 1 && initialPairs != null
                                ? PreferencePairs.read(initialPairs)
                                : PairGenerator.generate(
                                        policy,
                                        scorer,
                                        prompts,
                                        search,
                                        new PairSelector(0),
                                        it,
                                        phase + "/pairs",
                                        progress,
                                        stats);
                PreferencePairs.write(pairs, dir.resolve("pairs.avro").toFile());
                Map<String, Double> metrics =
                        train(policy, pairs, gen, s, phase + "/train", progress);
                if (!stats.isEmpty()) {
                    metrics.put("pairsKept", (double) stats.get(0).kept());
                    metrics.put("pairsDropped", (double) stats.get(0).dropped());
                    metrics.put(
                            "searchTokensPerImage",
                            (double) stats.get(0).tokensGenerated() / stats.get(0).images());
                }
                String sha = policy.save(dir);
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("beta", s.beta());
                settings.put("learningRate", s.learningRate());
                settings.put("epochs", s.epochs());
                settings.put("batchSize", s.batchSize());
                settings.put("pairImages", s.pairImages());
                settings.put("search", searchSettings.toString());
                settings.put("reference", "previous iteration (" + parent + "), frozen");
                new ModelCard(
                                "report-drafter",
                                phase,
                                "drafter",
                                parent,
                                (long) Math.ceil((double) pairs.size() / s.batchSize())
                                        * s.epochs(),
                                StudyImages.TRAIN_SEED,
                                s.pairImages(),
                                s.seed(),
                                Checkpoints.parameterCount(policy.block()),
                                Checkpoints.WEIGHTS,
                                sha,
                                metrics,
                                settings,
                                "ReportModels.dpo")
                        .write(dir);
                policy.setModelRef(new ModelRef("report-drafter", phase, sha));
                parent = phase;
                out.add(dir);
            }
        }
        return out;
    }

    /** One iteration of DPO on {@code pairs}; returns logged metrics (TRL names). */
    public static Map<String, Double> train(
            SmallDrafter policy,
            List<PreferencePair> pairs,
            PhantomGenerator gen,
            Settings s,
            String phase,
            TrainingProgress progress) {
        ReportTokenizer tok = policy.tokenizer();
        int n = pairs.size();
        List<float[]> images = new ArrayList<>();
        int[][] chosen = new int[n][];
        int[][] rejected = new int[n][];
        for (int i = 0; i < n; i++) {
            PreferencePair p = pairs.get(i);
            images.add(resolveImage(gen, p));
            chosen[i] =
                    DrafterTrainer.withBosEos(
                            tok.encode(String.join(" ", p.getChosen().getSentences())));
            rejected[i] =
                    DrafterTrainer.withBosEos(
                            tok.encode(String.join(" ", p.getRejected().getSentences())));
        }
        // reference = the policy before any update of this iteration (π_{t−1}), frozen
        double[] refC = new double[n];
        double[] refR = new double[n];
        try (NDManager m = policy.model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < n; i++) {
                int[] one = {i};
                Function<NDList, NDArray> fwd =
                        in -> policy.block().forward(ps, in, false).singletonOrThrow();
                refC[i] = seqLogProb(fwd, m, images, chosen, one).getFloat(0);
                refR[i] = seqLogProb(fwd, m, images, rejected, one).getFloat(0);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (n == 0) {
            metrics.put("pairs", 0.0);
            return metrics;
        }
        DefaultTrainingConfig cfg =
                new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(Tracker.fixed(s.learningRate()))
                                        .optClipGrad(1f)
                                        .build());
        SplittableRandom rng = new SplittableRandom(s.seed());
        int steps = (int) Math.ceil((double) n / s.batchSize()) * s.epochs();
        int step = 0;
        double lossSum = 0;
        double accSum = 0;
        double marginSum = 0;
        int counted = 0;
        try (Trainer trainer = policy.model().newTrainer(cfg)) {
            for (int ep = 0; ep < s.epochs(); ep++) {
                int[] order = shuffled(n, rng);
                for (int b0 = 0; b0 < n; b0 += s.batchSize()) {
                    int[] idx = Arrays.copyOfRange(order, b0, Math.min(n, b0 + s.batchSize()));
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        float[] rc = new float[idx.length];
                        float[] rr = new float[idx.length];
                        for (int j = 0; j < idx.length; j++) {
                            rc[j] = (float) refC[idx[j]];
                            rr[j] = (float) refR[idx[j]];
                        }
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            // the trainer's forward: its parameter store attaches the gradients
                            Function<NDList, NDArray> fwd =
                                    in -> trainer.forward(in).singletonOrThrow();
                            NDArray pc = seqLogProb(fwd, m, images, chosen, idx);
                            NDArray pr = seqLogProb(fwd, m, images, rejected, idx);
                            NDArray loss =
                                    DpoLoss.loss(pc, pr, m.create(rc), m.create(rr), s.beta());
                            gc.backward(loss);
                            step++;
                            float[] c = pc.toFloatArray();
                            float[] r = pr.toFloatArray();
                            if (ep == s.epochs() - 1) {
                                for (int j = 0; j < idx.length; j++) {
                                    double margin =
                                            DpoLoss.implicitReward(c[j], rc[j], s.beta())
                                                    - DpoLoss.implicitReward(r[j], rr[j], s.beta());
                                    marginSum += margin;
                                    accSum += margin > 0 ? 1 : 0;
                                    counted++;
                                }
                            }
                            double l = loss.getFloat();
                            lossSum += l;
                            progress.update(phase, step, steps, l);
                        }
                        trainer.step();
                    }
                }
            }
        }
        metrics.put("pairs", (double) n);
        metrics.put("meanLoss", lossSum / Math.max(1, step));
        metrics.put("lastEpochRewardAccuracy", accSum / Math.max(1, counted));
        metrics.put("lastEpochRewardMargin", marginSum / Math.max(1, counted));
        return metrics;
    }

    /**
     * Summed response log-probs (B): log π(y|x) over every token after BOS, EOS included. {@code
     * forward} maps (images, tokens) to logits: the trainer's forward (gradients flow) or a frozen
     * inference forward.
     */
    static NDArray seqLogProb(
            Function<NDList, NDArray> forward,
            NDManager m,
            List<float[]> images,
            int[][] seqs,
            int[] idx) {
        int per = images.get(0).length;
        float[] buf = new float[idx.length * per];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(images.get(idx[i]), 0, buf, i * per, per);
        }
        NDArray img = m.create(buf, SmallDrafter.imageShape(idx.length));
        NDArray tokArr = DrafterTrainer.padded(m, seqs, idx);
        NDArray logits = forward.apply(new NDList(img, tokArr));
        return DrafterBlock.targetLogProbs(logits, tokArr, ReportTokenizer.PAD_ID)
                .sum(new int[] {1});
    }

    static float[] resolveImage(PhantomGenerator gen, PreferencePair p) {
        String uri = p.getImageRef() == null ? null : p.getImageRef().getUri();
        if (uri == null || !uri.startsWith("phantom://")) {
            throw new IllegalArgumentException(
                    "cannot resolve image of pair " + p.getPairId() + ": " + uri);
        }
        String[] parts = uri.substring("phantom://".length()).split("/");
        StudyExample e =
                StudyImages.example(gen, Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
        String sha = PairGenerator.imageRef(e).getSha256();
        if (!sha.equals(p.getImageRef().getSha256())) {
            throw new IllegalArgumentException("image sha256 mismatch for " + uri);
        }
        return e.image();
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
