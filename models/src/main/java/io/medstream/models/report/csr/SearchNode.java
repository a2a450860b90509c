package io.medstream.models.report.csr;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the sentence tree: the root (no sentence) or one candidate sentence appended to its
 * parent's path. Scores follow CSR spec §1.2/§9; the rank fields are filled by {@link
 * CalibratedReward}.
 */
public final class SearchNode {

    private final int id;
    private final SearchNode parent;
    private final int depth;
    private final int group;
    private final int[] tokenIds;
    private final String text;
    private final double rawLogProbSum;
    private final double seqScore;
    private final double cumulativeScore;
    private final boolean isFinal;
    private final List<SearchNode> children = new ArrayList<>();
    private boolean pruned;
    private double rImage = Double.NaN;
    private double rankLm = Double.NaN;
    private double rankImage = Double.NaN;
    private double cost = Double.NaN;
    private double reward = Double.NaN;

    /**
     * @param rawLogProbSum sum of the sentence's token log-probs under the policy, without
     *     diversity penalty
     * @param seqScore length-normalised, penalty-inclusive mean log-prob (the reference code's
     *     R_text)
     */
    public SearchNode(
            int id,
            SearchNode parent,
            int group,
            int[] tokenIds,
            String text,
            double rawLogProbSum,
            double seqScore,
            boolean isFinal) {
        this.id = id;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.group = group;
        this.tokenIds = tokenIds.clone();
        this.text = text;
        this.rawLogProbSum = rawLogProbSum;
        this.seqScore = seqScore;
        this.cumulativeScore = parent == null ? 0.0 : parent.cumulativeScore + seqScore;
        this.isFinal = isFinal;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    public static SearchNode root() {
        return new SearchNode(0, null, -1, new int[0], "", 0.0, 0.0, false);
    }

    public int id() {
        return id;
    }

    public SearchNode parent() {
        return parent;
    }

    public int depth() {
        return depth;
    }

    public int group() {
        return group;
    }

    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int tokenCount() {
        return tokenIds.length;
    }

    public String text() {
        return text;
    }

    public double rawLogProbSum() {
        return rawLogProbSum;
    }

    /** R_text of the reference code: mean processed log-prob of the new sentence. */
    public double seqScore() {
        return seqScore;
    }

    /** Mean raw token log-prob (no penalty); NaN for an empty sentence. */
    public double meanLogProb() {
        return tokenIds.length == 0 ? Double.NaN : rawLogProbSum / tokenIds.length;
    }

    public double cumulativeScore() {
        return cumulativeScore;
    }

    public boolean isFinal() {
        return isFinal;
    }

    public List<SearchNode> children() {
        return children;
    }

    public boolean isPruned() {
        return pruned;
    }

    void setPruned(boolean pruned) {
        this.pruned = pruned;
    }

    /** Raw visual score 100·cos(image, sentence). */
    public double rImage() {
        return rImage;
    }

    public void setRImage(double rImage) {
        this.rImage = rImage;
    }

    public double rankLm() {
        return rankLm;
    }

    public double rankImage() {
        return rankImage;
    }

    /** RANK mode: c(v) = (1−α)·rank_LM + α·rank_image, lower is better. */
    public double cost() {
        return cost;
    }

    /** WEIGHTED_SUM mode: r(v) = λ·R̂_image + (1−λ)·R̂_text, higher is better. */
    public double reward() {
        return reward;
    }

    void setRanks(double rankLm, double rankImage, double cost) {
        this.rankLm = rankLm;
        this.rankImage = rankImage;
        this.cost = cost;
    }

    void setReward(double reward) {
        this.reward = reward;
    }

    /** Nodes from the first sentence to this one (root excluded). */
    public List<SearchNode> path() {
        List<SearchNode> out = new ArrayList<>();
        for (SearchNode n = this; n != null && n.parent != null; n = n.parent) {
            out.add(0, n);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Node[" + id + " d" + depth + " '" + text + "' seq=" + seqScore + " img=" + rImage
                + "]";
    }
}
