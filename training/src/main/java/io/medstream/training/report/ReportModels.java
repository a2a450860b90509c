package io.medstream.training.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.models.report.calibration.ModelCalibration;
import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.models.report.csr.RewardMode;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.models.report.serving.DraftedReport;
import io.medstream.models.report.serving.ReportDrafter;
import io.medstream.phantom.PhantomSlice;
import io.medstream.training.report.corpus.StudyExample;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.dpo.DpoTrainer;
import io.medstream.training.report.drafter.DrafterTrainer;
import io.medstream.training.report.eval.ReportEvaluator;
import io.medstream.training.report.scorer.ScorerTrainer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The public entry points the medstream CLI ({@code ./medstream report ...}) calls.
 *
 * <p>Model root layout: {@code base/} (drafter), {@code scorer/}, {@code dpo1/ dpo2/ dpo3/}
 * (drafter iterations), each with config.json (drafters), vocab.json, weights.params and
 * model-card.json. The shipped small models are under {@code models/src/main/resources/report/} in
 * that layout.
 *
 * <p>Run JVMs with {@code -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1}: on the shared
 * 2-core machine two intra-op threads were ~9× slower than one (measured while other jobs ran).
 */
public final class ReportModels {

    /** Highest DPO iteration directory that {@link #eval} looks for. */
    static final int MAX_DPO_ITERATIONS = 9;

    private ReportModels() {}

    /**
     * {@code ./medstream report train}: trains the base drafter and writes its checkpoint to {@code
     * outDir}.
     */
    public static SmallDrafter trainDrafter(
            DrafterTrainer.Settings settings, Path outDir, TrainingProgress progress)
            throws IOException {
        return DrafterTrainer.train(settings, outDir, progress);
    }

    /**
     * {@code ./medstream report train-scorer}: trains the visual scorer and writes its checkpoint
     * to {@code outDir}.
     */
    public static VisualScorer trainScorer(
            ScorerTrainer.Settings settings, Path outDir, TrainingProgress progress)
            throws IOException {
        return ScorerTrainer.train(settings, outDir, progress);
    }

    /**
     * {@code ./medstream report dpo --pairs FILE --iterations 3}: the CSR loop from {@code
     * modelRoot/base} with {@code modelRoot/scorer}; writes {@code modelRoot/dpo1..dpoN}. {@code
     * pairsFile} (nullable) replaces the curation of iteration 1; later iterations curate their own
     * pairs with the current model.
     */
    public static List<Path> dpo(
            Path modelRoot, File pairsFile, int iterations, TrainingProgress progress)
            throws IOException {
        return dpo(modelRoot, pairsFile, iterations, RewardMode.RANK, progress);
    }

    /**
     * As {@link #dpo(Path, File, int, TrainingProgress)} with the pair-selection reward mode
     * chosen.
     */
    public static List<Path> dpo(
            Path modelRoot,
            File pairsFile,
            int iterations,
            RewardMode mode,
            TrainingProgress progress)
            throws IOException {
        return dpo(
                modelRoot,
                pairsFile,
                iterations,
                mode,
                DpoTrainer.Settings.defaults().learningRate(),
                progress);
    }

    /** As above with the DPO learning rate chosen. */
    public static List<Path> dpo(
            Path modelRoot,
            File pairsFile,
            int iterations,
            RewardMode mode,
            float learningRate,
            TrainingProgress progress)
            throws IOException {
        DpoTrainer.Settings d = DpoTrainer.Settings.defaults();
        DpoTrainer.Settings s =
                new DpoTrainer.Settings(
                        iterations,
                        d.pairImages(),
                        d.epochs(),
                        d.batchSize(),
                        learningRate,
                        d.beta(),
                        d.seed());
        return DpoTrainer.run(
                modelRoot.resolve("base"),
                modelRoot.resolve("scorer"),
                modelRoot,
                pairsFile,
                s,
                withMode(SentenceSearch.Settings.defaults(), mode),
                progress);
    }

    static SentenceSearch.Settings withMode(SentenceSearch.Settings d, RewardMode mode) {
        return new SentenceSearch.Settings(
                d.candidatesPerStep(),
                d.diversityPenalty(),
                d.keepTop(),
                d.keepBottom(),
                d.maxSentences(),
                d.maxSentenceTokens(),
                d.maxReportTokens(),
                mode,
                d.lambda(),
                d.seed());
    }

    /**
     * {@code ./medstream report eval --model DIR --count N --seed S --json FILE}: greedy and CSR
     * decoding of the base drafter and greedy decoding of every dpo&lt;t&gt; present, on phantoms
     * {@code 0..N−1} of seed {@code S}; the confidence mapping of each mode is fitted on {@code
     * validationCount} phantoms of the validation seed.
     */
    public static Map<String, Object> eval(
            Path modelRoot,
            int count,
            long seed,
            int validationCount,
            Path json,
            TrainingProgress progress)
            throws IOException {
        return eval(modelRoot, count, seed, validationCount, json, null, progress);
    }

    /**
     * As {@link #eval(Path, int, long, int, Path, TrainingProgress)} for the listed modes only
     * ("greedy", "csr", "dpo1", ...; null = all). When {@code json} already holds results for the
     * same count and seed, the new modes are merged into it, so that modes can be evaluated by
     * separate processes.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> eval(
            Path modelRoot,
            int count,
            long seed,
            int validationCount,
            Path json,
            List<String> only,
            TrainingProgress progress)
            throws IOException {
        if (seed == StudyImages.TRAIN_SEED || seed == StudyImages.VALIDATION_SEED) {
            throw new IllegalArgumentException(
                    "evaluation seed must differ from the training and validation seeds");
        }
        List<StudyExample> test = StudyImages.examples(seed, 0, count);
        List<StudyExample> val =
                StudyImages.examples(StudyImages.VALIDATION_SEED, 0, validationCount);
        SentenceSearch.Settings ss = SentenceSearch.Settings.defaults();
        Map<String, Object> modes = new LinkedHashMap<>();
        Predicate<String> want = m -> only == null || only.contains(m);
        try (VisualScorer scorer = VisualScorer.load(modelRoot.resolve("scorer"))) {
            if (want.test("greedy") || want.test("csr")) {
                try (SmallDrafter base = SmallDrafter.load(modelRoot.resolve("base"))) {
                    if (want.test("greedy")) {
                        modes.put(
                                "greedy",
                                ReportEvaluator.evaluate(
                                        base,
                                        scorer,
                                        ReportEvaluator.Mode.greedy(ss.lambda()),
                                        val,
                                        test,
                                        "eval/greedy",
                                        progress));
                    }
                    if (want.test("csr")) {
                        modes.put(
                                "csr",
                                ReportEvaluator.evaluate(
                                        base,
                                        scorer,
                                        ReportEvaluator.Mode.csr(new SentenceSearch(ss)),
                                        val,
                                        test,
                                        "eval/csr",
                                        progress));
                    }
                }
            }
            // Every dpo<i> present, not only a gap-free run from 1: the shipped root holds dpo3
            // alone.
            for (int it = 1; it <= MAX_DPO_ITERATIONS; it++) {
                if (!Files.isDirectory(modelRoot.resolve(DrafterVersions.dpo(it)))
                        || !want.test(DrafterVersions.dpo(it))) {
                    continue;
                }
                try (SmallDrafter d =
                        SmallDrafter.load(modelRoot.resolve(DrafterVersions.dpo(it)))) {
                    modes.put(
                            DrafterVersions.dpo(it),
                            ReportEvaluator.evaluate(
                                    d,
                                    scorer,
                                    ReportEvaluator.Mode.greedy(ss.lambda()),
                                    val,
                                    test,
                                    "eval/dpo" + it,
                                    progress));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("seed", seed);
        out.put("validationCount", validationCount);
        out.put("modes", modes);
        if (json != null) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (Files.exists(json)) {
                Map<String, Object> old = om.readValue(json.toFile(), Map.class);
                if (Integer.valueOf(count).equals(old.get("count"))
                        && Long.valueOf(seed).equals(((Number) old.get("seed")).longValue())) {
                    Map<String, Object> merged =
                            new LinkedHashMap<>((Map<String, Object>) old.get("modes"));
                    merged.putAll(modes);
                    Map<String, Object> ordered = new LinkedHashMap<>();
                    for (String k :
                            List.of("greedy", "csr", "dpo1", "dpo2", "dpo3", "dpo4", "dpo5")) {
                        if (merged.containsKey(k)) {
                            ordered.put(k, merged.remove(k));
                        }
                    }
                    ordered.putAll(merged);
                    out.put("modes", ordered);
                }
            }
            om.writeValue(json.toFile(), out);
        }
        return out;
    }

    /**
     * {@code ./medstream report calibrate}: fits the sentence-confidence mapping of the drafter in
     * {@code drafterDir} for one decoding mode (CSR search when {@code csr}, else greedy) on
     * phantoms {@code 0..count−1} of {@code seed} (the validation seed {@value
     * StudyImages#VALIDATION_SEED} for the shipped files), exactly as {@link #eval} fits it, and
     * saves it into {@code drafterDir/calibration.json} next to the weights, bound to the drafter's
     * and scorer's weight sha256. The weights are not touched.
     *
     * @throws IllegalArgumentException when {@code seed} is the held-out evaluation seed or count
     *     &lt; 1
     */
    public static ModelCalibration calibrate(
            Path drafterDir,
            Path scorerDir,
            int count,
            long seed,
            boolean csr,
            TrainingProgress progress)
            throws IOException {
        if (seed == StudyImages.TEST_SEED) {
            throw new IllegalArgumentException(
                    "calibrating on the evaluation seed would leak into eval");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        List<StudyExample> val = StudyImages.examples(seed, 0, count);
        SentenceSearch.Settings ss = SentenceSearch.Settings.defaults();
        ReportEvaluator.Mode mode =
                csr
                        ? ReportEvaluator.Mode.csr(new SentenceSearch(ss))
                        : ReportEvaluator.Mode.greedy(ss.lambda());
        String name = ModelCalibration.mode(csr);
        try (SmallDrafter drafter = SmallDrafter.load(drafterDir);
                VisualScorer scorer = VisualScorer.load(scorerDir)) {
            ReportEvaluator.CalibrationFit fit =
                    ReportEvaluator.fitCalibration(
                            drafter, scorer, mode, val, "calibrate/" + name, progress, count);
            double[] w = fit.calibrator().weights();
            ModelCalibration c =
                    new ModelCalibration(
                            name,
                            w[0],
                            w[1],
                            w[2],
                            count,
                            seed,
                            fit.labels().length,
                            fit.fitEce(),
                            drafter.modelRef().getSha256(),
                            scorer.modelRef().getSha256());
            c.save(drafterDir);
            return c;
        }
    }

    /**
     * Drafts one report for a phantom slice (the serving path): greedy, or CSR search when {@code
     * csr}; the confidence needs a calibrator fitted by {@link ReportEvaluator} or loaded from
     * {@link ModelCalibration} (null leaves it NaN). Series of DICOM slices: {@code
     * report.serving.SeriesReporter}.
     */
    public static DraftedReport draft(
            SmallDrafter drafter,
            VisualScorer scorer,
            PhantomSlice slice,
            boolean csr,
            PlattCalibrator calibrator) {
        float[] image = StudyImages.toInput(slice);
        SentenceSearch.Settings ss = SentenceSearch.Settings.defaults();
        return csr
                ? ReportDrafter.csr(drafter, scorer, image, new SentenceSearch(ss), calibrator)
                : ReportDrafter.greedy(drafter, scorer, image, calibrator, ss.lambda());
    }
}
