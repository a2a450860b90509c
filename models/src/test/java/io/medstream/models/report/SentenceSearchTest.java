package io.medstream.models.report;

import io.medstream.models.report.csr.CalibratedReward;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.RewardMode;
import io.medstream.models.report.csr.SearchNode;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.Decoding;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search on a scripted, deterministic fake model and a fake scorer (spec §11 item 1). */
class SentenceSearchTest {

    static final ReportTokenizer TOK =
            ReportTokenizer.build(
                    List.of(
                            "CT of the abdomen. No focal lesion in the liver. The spleen is unremarkable. A lesion in the kidney."));

    /**
     * Pseudo-random log-probs from a hash of the prefix; "." after 4+ words, EOS after 3 sentences.
     */
    static class FakeVlm implements VisionLanguageModel {
        long calls;
        long rows;
        int maxResponse = 60;

        @Override
        public ReportTokenizer tokenizer() {
            return TOK;
        }

        @Override
        public float[][] nextTokenLogProbs(float[] image, List<int[]> prefixes) {
            calls++;
            float[][] out = new float[prefixes.size()][];
            for (int i = 0; i < out.length; i++) {
                rows++;
                int[] p = prefixes.get(i);
                if (p.length > maxResponse + 1) {
                    throw new IllegalArgumentException(
                            "prefix of " + p.length + " > model length " + (maxResponse + 1));
                }
                SplittableRandom r =
                        new SplittableRandom(Arrays.hashCode(p) * 31L + (long) image[0]);
                double[] logits = new double[TOK.size()];
                for (int v = 0; v < logits.length; v++) {
                    logits[v] = r.nextDouble(0, 2);
                }
                int sinceDot = 0;
                int dots = 0;
                for (int t : p) {
                    sinceDot = t == TOK.periodId() ? 0 : sinceDot + 1;
                    dots += t == TOK.periodId() ? 1 : 0;
                }
                boolean lastDot = p[p.length - 1] == TOK.periodId();
                if (sinceDot >= 4) {
                    logits[TOK.periodId()] += 10;
                }
                logits[ReportTokenizer.EOS_ID] += lastDot && dots >= 3 ? 10 : -10;
                double max = Arrays.stream(logits).max().orElseThrow();
                double z = 0;
                for (double l : logits) {
                    z += Math.exp(l - max);
                }
                out[i] = new float[logits.length];
                for (int v = 0; v < logits.length; v++) {
                    out[i][v] = (float) (logits[v] - max - Math.log(z));
                }
            }
            return out;
        }

        @Override
        public ModelRef modelRef() {
            return new ModelRef("fake", "1", "");
        }

        @Override
        public int maxResponseTokens() {
            return maxResponse;
        }

        @Override
        public void close() {}
    }

    static final SentenceScorer SCORER =
            new SentenceScorer() {
                @Override
                public double[] score(float[] image, List<String> sentences) {
                    return sentences.stream()
                            .mapToDouble(s -> (s.hashCode() % 1000) / 20.0)
                            .toArray();
                }

                @Override
                public ModelRef modelRef() {
                    return new ModelRef("fake-scorer", "1", "");
                }
            };

    @Test
    void searchIsDeterministicPrunesAndCountsEveryToken() {
        SentenceSearch search = new SentenceSearch(SentenceSearch.Settings.defaults());
        FakeVlm vlm = new FakeVlm();
        float[] image = {3f};
        SentenceSearch.Result a = search.search(vlm, SCORER, image);
        SentenceSearch.Result b = search.search(new FakeVlm(), SCORER, image);
        assertEquals(texts(a), texts(b));
        assertEquals(a.tokensGenerated(), b.tokensGenerated());
        assertEquals(vlm.rows, a.tokensGenerated(), "one generated token per model row");
        assertTrue(a.bestFirst().size() >= 2);
        // every complete path ends with EOS (3 sentences) and has 3 sentences
        for (CalibratedReward.ScoredPath p : a.bestFirst()) {
            int[] last = p.leaf().tokenIds();
            assertEquals(ReportTokenizer.EOS_ID, last[last.length - 1]);
            assertEquals(3, p.nodes().size());
        }
        // pruning: at most keepTop + keepBottom = 2 expanded nodes per depth; K = 3 children each
        Map<Integer, Integer> expanded = new HashMap<>();
        List<SearchNode> all = new ArrayList<>();
        collect(a.root(), all);
        for (SearchNode n : all) {
            if (!n.children().isEmpty()) {
                expanded.merge(n.depth(), 1, Integer::sum);
                assertTrue(n.children().size() <= 3);
                assertFalse(n.isPruned());
                // diversity penalty: siblings start with different tokens
                Set<Integer> first = new HashSet<>();
                n.children().forEach(c -> first.add(c.tokenIds()[0]));
                assertEquals(n.children().size(), first.size());
            }
            assertFalse(Double.isNaN(n.rImage()), "every node scored");
        }
        expanded.forEach(
                (d, c) -> assertTrue(d == 0 ? c == 1 : c <= 2, "depth " + d + " expanded " + c));
        // token accounting: node tokens + one look-ahead per sentence that ended with "." but not
        // EOS
        long nodeTokens = all.stream().mapToLong(SearchNode::tokenCount).sum();
        long lookAheads =
                all.stream()
                        .filter(
                                n ->
                                        !n.isFinal()
                                                || n.tokenIds()[n.tokenCount() - 1]
                                                        != ReportTokenizer.EOS_ID)
                        .count();
        assertEquals(nodeTokens + lookAheads, a.tokensGenerated());
        // greedy decoding of the same fake is much cheaper
        Decoding.Result g = new FakeVlm().greedy(image);
        assertTrue(
                a.tokensGenerated() <= 10 * g.generated(),
                a.tokensGenerated() + " vs greedy " + g.generated());
        PairSelector.Selection sel = new PairSelector(0).select(a.bestFirst());
        assertTrue(sel.kept());
        assertTrue(sel.chosen().cost() <= sel.rejected().cost());
    }

    @Test
    void weightedModeRanksTheSameTreeDifferentlyButDeterministically() {
        SentenceSearch.Settings d = SentenceSearch.Settings.defaults();
        SentenceSearch.Settings w =
                new SentenceSearch.Settings(
                        d.candidatesPerStep(),
                        d.diversityPenalty(),
                        d.keepTop(),
                        d.keepBottom(),
                        d.maxSentences(),
                        d.maxSentenceTokens(),
                        d.maxReportTokens(),
                        RewardMode.WEIGHTED_SUM,
                        0.9,
                        0);
        SentenceSearch.Result a =
                new SentenceSearch(w).search(new FakeVlm(), SCORER, new float[] {5f});
        SentenceSearch.Result b =
                new SentenceSearch(w).search(new FakeVlm(), SCORER, new float[] {5f});
        assertEquals(a.bestFirst().get(0).cost(), b.bestFirst().get(0).cost());
        for (CalibratedReward.ScoredPath p : a.bestFirst()) {
            assertTrue(-p.cost() > 0 && -p.cost() < 1, "weighted path reward on [0,1]");
        }
    }

    @Test
    void searchNeverFeedsMoreTokensThanTheModelTakes() {
        FakeVlm short12 = new FakeVlm();
        short12.maxResponse = 12; // three 4-word sentences would need 15 tokens + EOS
        SentenceSearch.Result r =
                new SentenceSearch(SentenceSearch.Settings.defaults())
                        .search(short12, SCORER, new float[] {3f});
        assertFalse(r.bestFirst().isEmpty());
        for (CalibratedReward.ScoredPath p : r.bestFirst()) {
            assertTrue(p.tokenCount() <= 12, "report of " + p.tokenCount() + " tokens");
        }
    }

    private static List<String> texts(SentenceSearch.Result r) {
        List<SearchNode> all = new ArrayList<>();
        collect(r.root(), all);
        return all.stream().map(n -> n.id() + ":" + n.text() + ":" + n.isPruned()).toList();
    }

    private static void collect(SearchNode n, List<SearchNode> out) {
        for (SearchNode c : n.children()) {
            out.add(c);
            collect(c, out);
        }
    }
}
