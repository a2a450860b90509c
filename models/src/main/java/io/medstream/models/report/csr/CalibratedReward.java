package io.medstream.models.report.csr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The calibrated reward over a finished sentence tree, in either {@link RewardMode}, and the
 * complete paths it ranks. Pure function of the tree's stored scores, so it can be re-run with
 * another λ or scorer (spec §8).
 *
 * <p>RANK mode reproduces the reference code exactly, including its quirk that an only child ranks
 * 1.0 (worst) on both criteria (spec §6 quirk 2; the §1.4 test vector pins it). Ties keep input
 * (child creation) order.
 */
public final class CalibratedReward {

    /** λ (α in the code): the image-side weight. */
    public static final double DEFAULT_LAMBDA = 0.9;

    /** A complete root→final path with its score; lower {@link #cost} is better in both modes. */
    public record ScoredPath(SearchNode leaf, List<SearchNode> nodes, double cost) {

        /** The selection score as "higher is better": −cost. */
        public double reward() {
            return -cost;
        }

        public List<String> sentences() {
            return nodes.stream().map(SearchNode::text).toList();
        }

        public double meanRImage() {
            return nodes.stream().mapToDouble(SearchNode::rImage).average().orElse(Double.NaN);
        }

        public double meanRText() {
            return nodes.stream().mapToDouble(SearchNode::seqScore).average().orElse(Double.NaN);
        }

        public double logProbSum() {
            return nodes.stream().mapToDouble(SearchNode::rawLogProbSum).sum();
        }

        public int tokenCount() {
            return nodes.stream().mapToInt(SearchNode::tokenCount).sum();
        }
    }

    private final RewardMode mode;
    private final double lambda;

    public CalibratedReward(RewardMode mode, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0,1]");
        }
        this.mode = mode;
        this.lambda = lambda;
    }

    public RewardMode mode() {
        return mode;
    }

    public double lambda() {
        return lambda;
    }

    /**
     * Paper-form sentence reward on comparable [0,1] scales (see {@link RewardMode#WEIGHTED_SUM}).
     */
    public static double weightedSentenceReward(double rImage, double meanLogProb, double lambda) {
        double img = (rImage / 100.0 + 1.0) / 2.0;
        double txt = Math.exp(meanLogProb);
        return lambda * img + (1.0 - lambda) * txt;
    }

    /**
     * Scores every node below {@code root} (ranks or rewards) and returns the complete paths, best
     * first.
     */
    public List<ScoredPath> scorePaths(SearchNode root) {
        scoreChildren(root);
        List<ScoredPath> paths = new ArrayList<>();
        collect(root, paths);
        // stable sort: equal costs keep depth-first creation order, as the code's sort does
        paths.sort(Comparator.comparingDouble(ScoredPath::cost));
        return paths;
    }

    private void scoreChildren(SearchNode parent) {
        List<SearchNode> sib = parent.children();
        int n = sib.size();
        if (n > 0) {
            if (mode == RewardMode.RANK) {
                double[] rl =
                        ranks(
                                sib,
                                Comparator.comparingDouble(SearchNode::cumulativeScore).reversed());
                double[] ri = ranks(sib, Comparator.comparingDouble(SearchNode::rImage).reversed());
                for (int i = 0; i < n; i++) {
                    double rankLm = n == 1 ? 1.0 : rl[i];
                    double rankImg = n == 1 ? 1.0 : ri[i];
                    sib.get(i).setRanks(rankLm, rankImg, (1 - lambda) * rankLm + lambda * rankImg);
                }
            } else {
                for (SearchNode c : sib) {
                    c.setReward(weightedSentenceReward(c.rImage(), c.meanLogProb(), lambda));
                }
            }
        }
        for (SearchNode c : sib) {
            scoreChildren(c);
        }
    }

    /** rank(v) = (position in stable sort + 1) / n. */
    private static double[] ranks(List<SearchNode> sib, Comparator<SearchNode> order) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < sib.size(); i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> order.compare(sib.get(a), sib.get(b)));
        double[] out = new double[sib.size()];
        for (int pos = 0; pos < idx.size(); pos++) {
            out[idx.get(pos)] = (pos + 1.0) / sib.size();
        }
        return out;
    }

    private void collect(SearchNode node, List<ScoredPath> out) {
        if (node.isFinal()) {
            List<SearchNode> nodes = node.path();
            double cost;
            if (mode == RewardMode.RANK) {
                // Σ c ÷ (path length in nodes including the root), as the code does
                cost = nodes.stream().mapToDouble(SearchNode::cost).sum() / (nodes.size() + 1);
            } else {
                cost = -nodes.stream().mapToDouble(SearchNode::reward).average().orElse(0);
            }
            out.add(new ScoredPath(node, nodes, cost));
            return;
        }
        for (SearchNode c : node.children()) {
            collect(c, out);
        }
    }
}
