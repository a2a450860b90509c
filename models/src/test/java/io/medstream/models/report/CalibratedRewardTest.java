package io.medstream.models.report;

import io.medstream.models.report.csr.CalibratedReward;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.PreferencePairs;
import io.medstream.models.report.csr.RewardMode;
import io.medstream.models.report.csr.SearchNode;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.SearchSettings;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSR spec §1.4: the reference code's rank-based reward on a toy tree. */
class CalibratedRewardTest {

    private static int nextId = 1;

    private static SearchNode node(
            SearchNode parent, String text, double stepLm, double clip, boolean fin) {
        SearchNode n =
                new SearchNode(
                        nextId++, parent, 0, new int[] {5, 6}, text, 2 * stepLm, stepLm, fin);
        n.setRImage(clip);
        return n;
    }

    /** The §1.4 tree; children are created in table order. */
    static SearchNode specTree() {
        SearchNode root = SearchNode.root();
        SearchNode a = node(root, "A", -0.50, 24.0, false);
        SearchNode b = node(root, "B", -0.80, 27.0, false);
        SearchNode c = node(root, "C", -1.20, 22.0, false);
        node(a, "A1", -0.40, 25.0, true);
        node(a, "A2", -0.90, 20.0, true);
        node(b, "B1", -0.60, 26.0, true);
        node(c, "C1", -0.70, 21.0, true);
        node(c, "C2", -0.30, 23.0, true);
        return root;
    }

    @Test
    void specWorkedExampleRankMode() {
        SearchNode root = specTree();
        List<CalibratedReward.ScoredPath> paths =
                new CalibratedReward(RewardMode.RANK, 0.9).scorePaths(root);
        Map<String, Double> cost = new TreeMap<>();
        for (CalibratedReward.ScoredPath p : paths) {
            cost.put(String.join("→", p.sentences()), p.cost());
        }
        assertEquals(0.3778, cost.get("A→A1"), 1e-4);
        assertEquals(0.4556, cost.get("B→B1"), 1e-4);
        assertEquals(0.5000, cost.get("C→C2"), 1e-4);
        assertEquals(0.5444, cost.get("A→A2"), 1e-4);
        assertEquals(0.6667, cost.get("C→C1"), 1e-4);
        assertEquals(
                List.of("A→A1", "B→B1", "C→C2", "A→A2", "C→C1"),
                paths.stream().map(p -> String.join("→", p.sentences())).toList());
        // per-node values of the table
        SearchNode a = root.children().get(0);
        SearchNode b = root.children().get(1);
        assertEquals(1.0 / 3, a.rankLm(), 1e-12);
        assertEquals(2.0 / 3, a.rankImage(), 1e-12);
        assertEquals(0.6333, a.cost(), 1e-4);
        assertEquals(0.3667, b.cost(), 1e-4);
        assertEquals(1.0, b.children().get(0).cost(), 1e-12, "only child ranks worst (quirk 2)");
        PairSelector.Selection sel = new PairSelector(0).select(paths);
        assertTrue(sel.kept());
        assertEquals(List.of("A", "A1"), sel.chosen().sentences());
        assertEquals(List.of("C", "C1"), sel.rejected().sentences());
    }

    @Test
    void weightedSumModeUsesComparableScales() {
        // R̂_image = (cos+1)/2, R̂_text = exp(mean log-prob): cos 0.24 → 0.62; mean log-prob −0.5 →
        // 0.60653
        assertEquals(
                0.9 * 0.62 + 0.1 * Math.exp(-0.5),
                CalibratedReward.weightedSentenceReward(24.0, -0.5, 0.9),
                1e-12);
        SearchNode root = specTree();
        List<CalibratedReward.ScoredPath> paths =
                new CalibratedReward(RewardMode.WEIGHTED_SUM, 0.9).scorePaths(root);
        // hand-computed path means: A→A1 0.6241, B→B1 0.6192, C→C2 0.6033, A→A2 0.5997, C→C1
        // 0.5866.
        // B has the best image scores but its text term (exp(−0.8) = 0.449) loses 0.1·0.16 against
        // A.
        assertEquals(
                List.of("A→A1", "B→B1", "C→C2", "A→A2", "C→C1"),
                paths.stream().map(p -> String.join("→", p.sentences())).toList());
        assertEquals(0.6241, paths.get(0).reward(), 1e-4);
        assertEquals(0.6192, paths.get(1).reward(), 1e-4);
        assertEquals(0.5866, paths.get(4).reward(), 1e-4);
        double r =
                (CalibratedReward.weightedSentenceReward(27, -0.8, 0.9)
                                + CalibratedReward.weightedSentenceReward(26, -0.6, 0.9))
                        / 2;
        assertEquals(r, paths.get(1).reward(), 1e-12);
        // λ = 1 (image only): B→B1 wins, as the image scores alone say
        assertEquals(
                List.of("B", "B1"),
                new CalibratedReward(RewardMode.WEIGHTED_SUM, 1.0)
                        .scorePaths(specTree())
                        .get(0)
                        .sentences());
    }

    @Test
    void identicalAndSinglePathsAreDropped() {
        SearchNode root = SearchNode.root();
        node(root, "No focal lesion.", -0.1, 20, true);
        CalibratedReward cr = new CalibratedReward(RewardMode.RANK, 0.9);
        assertFalse(new PairSelector(0).select(cr.scorePaths(root)).kept());
        node(root, "no  focal lesion .", -0.2, 19, true);
        PairSelector.Selection sel = new PairSelector(0).select(cr.scorePaths(root));
        assertFalse(sel.kept());
        assertTrue(sel.dropReason().contains("identical"));
        node(root, "Liver lesion.", -0.9, 10, true);
        sel = new PairSelector(0).select(cr.scorePaths(root));
        assertTrue(sel.kept());
        assertNull(sel.dropReason());
        assertFalse(new PairSelector(1000).select(cr.scorePaths(root)).kept(), "margin rule");
    }

    @Test
    void pairsAsAvroRoundTrip() throws Exception {
        List<CalibratedReward.ScoredPath> paths =
                new CalibratedReward(RewardMode.RANK, 0.9).scorePaths(specTree());
        PairSelector.Selection sel = new PairSelector(0).select(paths);
        SearchSettings s =
                SearchSettings.newBuilder()
                        .setRewardMode(io.medstream.schemas.RewardMode.RANK)
                        .setLambda(0.9)
                        .setCandidatesPerStep(3)
                        .setBeamWidth(2)
                        .setMaxSentences(8)
                        .setTemperature(0)
                        .setSeed(7)
                        .build();
        ModelRef m = new ModelRef("m", "1", "00");
        PreferencePair p =
                PreferencePairs.of(
                        "id",
                        "s",
                        "se",
                        "sop",
                        new ClaimCheck(
                                "phantom://1/2", "ab", 8L, "application/x-medstream-phantom"),
                        sel,
                        s,
                        m,
                        m,
                        1,
                        Instant.ofEpochMilli(1000));
        assertEquals(List.of("A", "A1"), p.getChosen().getSentences());
        assertEquals(-0.3778, p.getChosen().getReward(), 1e-4);
        assertEquals(24.5, p.getChosen().getRImage(), 1e-12);
        assertEquals(
                -1.8,
                p.getChosen().getLogProb(),
                1e-12); // raw sums 2·(−0.5) + 2·(−0.4), see node()
        File f = Files.createTempFile("pairs", ".avro").toFile();
        PreferencePairs.write(List.of(p), f);
        assertEquals(List.of(p), PreferencePairs.read(f));
        assertTrue(f.delete());
    }
}
