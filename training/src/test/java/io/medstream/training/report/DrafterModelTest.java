package io.medstream.training.report;

import ai.djl.engine.Engine;
import io.medstream.models.report.csr.CalibratedReward;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.PreferencePairs;
import io.medstream.models.report.csr.RewardMode;
import io.medstream.models.report.csr.SearchNode;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.Decoding;
import io.medstream.models.report.drafter.DrafterConfig;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.schemas.PreferencePair;
import io.medstream.training.report.corpus.StudyExample;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.dpo.DpoTrainer;
import io.medstream.training.report.dpo.PairGenerator;
import io.medstream.training.report.drafter.DrafterTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DJL drafter and scorer on toy sizes: causality, determinism, save/load, a few training and
 * DPO steps.
 */
class DrafterModelTest {

    static List<StudyExample> data;
    static ReportTokenizer tok;

    @BeforeAll
    static void setUp() {
        // one intra-op thread: on the shared 2-core machine two threads were far slower
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        data = StudyImages.examples(StudyImages.TRAIN_SEED, 0, 6);
        tok = ReportTokenizer.build(data.stream().map(StudyExample::referenceText).toList());
    }

    static SmallDrafter tiny(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        return new SmallDrafter(new DrafterConfig(tok.size(), 32, 1, 2, 96), tok);
    }

    @Test
    void causalDeterministicAndRoundTrips(@TempDir Path dir) throws Exception {
        float[] img = data.get(0).image();
        int[] seq = DrafterTrainer.withBosEos(tok.encode(data.get(0).referenceText()));
        try (SmallDrafter a = tiny(5);
                SmallDrafter b = tiny(5);
                SmallDrafter c = tiny(6)) {
            int[] p3 = Arrays.copyOf(seq, 3);
            float[][] x = a.nextTokenLogProbs(img, List.of(Arrays.copyOf(seq, 2), p3, seq));
            // same seed → same weights → same output; other seed differs
            assertArrayEquals(
                    x[1],
                    b.nextTokenLogProbs(img, List.of(p3))[0],
                    1e-4f); // batched vs single: float rounding
            assertNotEquals(x[1][5], c.nextTokenLogProbs(img, List.of(p3))[0][5]);
            // right padding in a batch does not change a prefix's result (causal mask)
            assertArrayEquals(
                    x[0], a.nextTokenLogProbs(img, List.of(Arrays.copyOf(seq, 2)))[0], 1e-5f);
            // a distribution: exp sums to 1
            double z = 0;
            for (float f : x[2]) {
                z += Math.exp(f);
            }
            assertEquals(1.0, z, 1e-4);
            String sha = a.save(dir);
            new ModelCard(
                            "report-drafter",
                            "t",
                            "drafter",
                            null,
                            0,
                            0,
                            0,
                            5,
                            0,
                            "weights.params",
                            sha,
                            null,
                            null,
                            "test")
                    .write(dir);
            try (SmallDrafter back = SmallDrafter.load(dir)) {
                assertArrayEquals(
                        a.nextTokenLogProbs(img, List.of(p3))[0],
                        back.nextTokenLogProbs(img, List.of(p3))[0],
                        0f); // bit-identical after save/load
                assertEquals(sha, back.modelRef().getSha256());
            }
            // greedy is deterministic and beam returns ranked hypotheses
            Decoding.Result g1 = a.greedy(img);
            assertArrayEquals(g1.tokens(), a.greedy(img).tokens());
            List<Decoding.Result> beams = a.beam(img, 2);
            assertTrue(beams.size() >= 1);
            Decoding.Result s1 = a.sample(img, 1.0, 42);
            assertArrayEquals(s1.tokens(), a.sample(img, 1.0, 42).tokens());
        }
    }

    @Test
    void fewTrainingStepsLowerTheLossAndDpoMovesTowardsChosen() throws Exception {
        try (SmallDrafter d = tiny(9)) {
            float[] img = data.get(1).image();
            int[] seq = DrafterTrainer.withBosEos(tok.encode(data.get(1).referenceText()));
            double before = seqLogProb(d, img, seq);
            DrafterTrainer.Settings s =
                    new DrafterTrainer.Settings(6, StudyImages.TRAIN_SEED, 25, 6, 3e-3f, 1L);
            DrafterTrainerAccess.fit(d, data, s);
            double after = seqLogProb(d, img, seq);
            assertTrue(
                    after > before + 5,
                    "teacher forcing raised log p(reference): " + before + " → " + after);

            // DPO: a pair (reference report of image 0 vs the report of image 1), a few steps;
            // log π(chosen) − log π(rejected) on that image must grow
            Engine.getInstance().setRandomSeed(3);
            try (VisualScorer scorer = new VisualScorer(tok)) {
                StudyExample e = data.get(0);
                SearchNode root = SearchNode.root();
                var cn = new SearchNode(1, root, 0, new int[] {4}, e.referenceText(), -1, -1, true);
                cn.setRImage(30);
                var rn =
                        new SearchNode(
                                2,
                                root,
                                1,
                                new int[] {4},
                                data.get(1).referenceText(),
                                -2,
                                -2,
                                true);
                rn.setRImage(10);
                PairSelector.Selection sel =
                        new PairSelector(0)
                                .select(
                                        new CalibratedReward(RewardMode.RANK, 0.9)
                                                .scorePaths(root));
                PreferencePair p =
                        PreferencePairs.of(
                                "t",
                                e.studyUid(),
                                e.seriesUid(),
                                e.sopUid(),
                                PairGenerator.imageRef(e),
                                sel,
                                SentenceSearch.Settings.defaults().toAvro(),
                                d.modelRef(),
                                scorer.modelRef(),
                                1,
                                Instant.EPOCH);
                int[] c = DrafterTrainer.withBosEos(tok.encode(e.referenceText()));
                int[] r = DrafterTrainer.withBosEos(tok.encode(data.get(1).referenceText()));
                double m0 = seqLogProb(d, e.image(), c) - seqLogProb(d, e.image(), r);
                DpoTrainer.Settings ds = new DpoTrainer.Settings(1, 3, 5, 4, 1e-3f, 0.1, 1);
                var metrics =
                        DpoTrainer.train(
                                d,
                                List.of(p),
                                new PhantomGenerator(StudyImages.PHANTOM_CONFIG),
                                ds,
                                "test",
                                TrainingProgress.NONE);
                double m1 = seqLogProb(d, e.image(), c) - seqLogProb(d, e.image(), r);
                assertTrue(m1 > m0, "DPO margin " + m0 + " → " + m1);
                assertEquals(1.0, metrics.get("pairs"));
                assertTrue(
                        metrics.get("meanLoss") < Math.log(2) + 1e-6,
                        "mean loss below log 2 once moving");

                // the real search + selection emits well-formed pairs (or drops degenerate ones)
                SentenceSearch search = new SentenceSearch(SentenceSearch.Settings.defaults());
                List<PairGenerator.Stats> stats = new ArrayList<>();
                List<PreferencePair> gen =
                        PairGenerator.generate(
                                d,
                                scorer,
                                data.subList(0, 2),
                                search,
                                new PairSelector(0),
                                1,
                                "test",
                                TrainingProgress.NONE,
                                stats);
                assertEquals(2, stats.get(0).kept() + stats.get(0).dropped());
                assertTrue(stats.get(0).tokensGenerated() > 0);
                for (PreferencePair q : gen) {
                    assertTrue(
                            !PairSelector.normalise(q.getChosen().getSentences())
                                    .equals(
                                            PairSelector.normalise(
                                                    q.getRejected().getSentences())));
                    assertTrue(q.getChosen().getReward() >= q.getRejected().getReward());
                }
            }
        }
    }

    @Test
    void scorerGivesCosinesTimesHundred() {
        Engine.getInstance().setRandomSeed(4);
        try (VisualScorer s = new VisualScorer(tok)) {
            double[] r =
                    s.score(
                            data.get(0).image(),
                            List.of("No focal lesion in the liver.", "CT of the chest.", ""));
            assertEquals(3, r.length);
            for (double v : r) {
                assertTrue(v >= -100.0001 && v <= 100.0001, "100·cos in [-100, 100]: " + v);
            }
            assertArrayEquals(
                    r,
                    s.score(
                            data.get(0).image(),
                            List.of("No focal lesion in the liver.", "CT of the chest.", "")),
                    1e-9);
        }
    }

    static double seqLogProb(SmallDrafter d, float[] img, int[] seq) {
        double s = 0;
        for (int t = 1; t < seq.length; t++) {
            s += d.nextTokenLogProbs(img, List.of(Arrays.copyOf(seq, t)))[0][seq[t]];
        }
        return s;
    }

    /** Calls the package-private training loop. */
    static final class DrafterTrainerAccess {
        static void fit(SmallDrafter d, List<StudyExample> data, DrafterTrainer.Settings s) {
            DrafterTrainer.fitForTest(d, data, s);
        }
    }
}
