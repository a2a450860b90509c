package io.medstream.models.report.csr;

import io.medstream.models.report.drafter.Decoding;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.SearchSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSR sentence-level search (spec §2) with the "simplified port" of diverse group beam search: from
 * every active node, K groups each decode one sentence greedily, group g's token log-probs lowered
 * by {@code diversityPenalty} × (number of earlier groups 0..g−1 of the same node that chose that
 * token at this step). All active nodes × groups are decoded in one batched model call per token
 * step. The delimiter is the tokenizer's "." token, which cannot split a decimal or a listed
 * abbreviation.
 *
 * <p>After a sentence's ".", the group takes one more look: when EOS is the most likely next token
 * the child is final (the report ends there); that extra token is counted as generated. A child is
 * also final at {@code maxSentences} or when the report reaches {@code maxReportTokens} response
 * tokens (spec §6 quirk 4: count response tokens, not characters).
 *
 * <p>Filtering (§2.5): children whose text is shorter than 4 characters, or that repeat a sibling's
 * text exactly, are dropped before ranking (a dropped duplicate is a medstream choice: it would be
 * an identical subtree). Pruning (§2.4): the non-final children of a depth, sorted by cumulative LM
 * score, keep the top {@code keepTop} and the bottom {@code keepBottom} when there are more than
 * that; the rest stay in the tree as pruned leaves. The visual scorer is applied once per surviving
 * node after the search, in one batched call; ranks and pair selection are {@link
 * CalibratedReward}.
 */
public final class SentenceSearch {

    /**
     * @param candidatesPerStep K, children per active node (the code: 5)
     * @param diversityPenalty Hamming diversity penalty (the code: 3.0)
     * @param keepTop best non-final children kept per depth (the code: 1)
     * @param keepBottom worst non-final children kept per depth (the code: 2)
     * @param maxSentences depth cap
     * @param maxSentenceTokens tokens per sentence cap (the code: max_new_tokens 70)
     * @param maxReportTokens response length cap in tokens
     * @param mode reward mode for selection
     * @param lambda image-side weight λ
     * @param seed recorded for provenance; this search is deterministic (no sampling)
     */
    public record Settings(
            int candidatesPerStep,
            double diversityPenalty,
            int keepTop,
            int keepBottom,
            int maxSentences,
            int maxSentenceTokens,
            int maxReportTokens,
            RewardMode mode,
            double lambda,
            long seed) {

        /**
         * medstream defaults: K = 3 and keep (1 best, 1 worst), to stay within ~10× the tokens of
         * greedy.
         */
        public static Settings defaults() {
            return new Settings(
                    3, 3.0, 1, 1, 8, 24, 90, RewardMode.RANK, CalibratedReward.DEFAULT_LAMBDA, 0L);
        }

        public SearchSettings toAvro() {
            return SearchSettings.newBuilder()
                    .setRewardMode(mode.toAvro())
                    .setLambda(lambda)
                    .setCandidatesPerStep(candidatesPerStep)
                    .setBeamWidth(keepTop + keepBottom)
                    .setMaxSentences(maxSentences)
                    .setTemperature(0.0)
                    .setSeed(seed)
                    .build();
        }
    }

    /**
     * @param root the tree
     * @param bestFirst complete paths, best first
     * @param tokensGenerated every token the model produced (all candidates, the EOS look-ahead
     *     included)
     * @param modelCalls batched next-token calls
     */
    public record Result(
            SearchNode root,
            List<CalibratedReward.ScoredPath> bestFirst,
            long tokensGenerated,
            int modelCalls) {}

    private final Settings settings;

    public SentenceSearch(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public Result search(VisionLanguageModel vlm, SentenceScorer scorer, float[] image) {
        ReportTokenizer tok = vlm.tokenizer();
        int period = tok.periodId();
        int k = settings.candidatesPerStep();
        SearchNode root = SearchNode.root();
        Map<SearchNode, int[]> prefix = new HashMap<>();
        prefix.put(root, new int[] {ReportTokenizer.BOS_ID});
        List<SearchNode> active = List.of(root);
        long tokens = 0;
        int calls = 0;
        int nextId = 1;
        while (!active.isEmpty()) {
            int n = active.size() * k;
            List<List<Integer>> gen = new ArrayList<>();
            double[] raw = new double[n];
            double[] pen = new double[n];
            boolean[] done = new boolean[n];
            boolean[] peek = new boolean[n];
            boolean[] fin = new boolean[n];
            for (int i = 0; i < n; i++) {
                gen.add(new ArrayList<>());
            }
            for (int step = 0; step <= settings.maxSentenceTokens(); step++) {
                List<Integer> live = new ArrayList<>();
                List<int[]> seqs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        live.add(i);
                        seqs.add(concat(prefix.get(active.get(i / k)), gen.get(i)));
                    }
                }
                if (live.isEmpty()) {
                    break;
                }
                float[][] lp = vlm.nextTokenLogProbs(image, seqs);
                calls++;
                tokens += live.size();
                Map<Integer, Map<Integer, Integer>> chosenByNode = new HashMap<>();
                for (int li = 0; li < live.size(); li++) {
                    int i = live.get(li);
                    float[] row = lp[li];
                    if (peek[i]) {
                        done[i] = true;
                        if (Decoding.argmax(row) == ReportTokenizer.EOS_ID) {
                            fin[i] = true;
                            gen.get(i).add(ReportTokenizer.EOS_ID);
                            raw[i] += row[ReportTokenizer.EOS_ID];
                            pen[i] += row[ReportTokenizer.EOS_ID];
                        }
                        continue;
                    }
                    // groups of one node are visited in group order (i ascending), so counts hold
                    // groups 0..g−1
                    Map<Integer, Integer> counts =
                            chosenByNode.computeIfAbsent(i / k, x -> new HashMap<>());
                    float[] penalised = row.clone();
                    counts.forEach(
                            (t, c) -> penalised[t] -= (float) (settings.diversityPenalty() * c));
                    int t = Decoding.argmax(penalised);
                    counts.merge(t, 1, Integer::sum);
                    gen.get(i).add(t);
                    raw[i] += row[t];
                    pen[i] += penalised[t];
                    if (t == ReportTokenizer.EOS_ID) {
                        fin[i] = true;
                        done[i] = true;
                    } else if (t == period) {
                        peek[i] = true;
                    } else if (gen.get(i).size() >= settings.maxSentenceTokens()) {
                        done[i] = true;
                    }
                    // the next call would exceed the model's sequence length: stop (the child
                    // becomes final below)
                    if (prefix.get(active.get(i / k)).length + gen.get(i).size()
                            >= vlm.maxResponseTokens() + 1) {
                        done[i] = true;
                        peek[i] = false;
                    }
                }
            }
            List<SearchNode> nonFinal = new ArrayList<>();
            for (int a = 0; a < active.size(); a++) {
                SearchNode parent = active.get(a);
                Set<String> seen = new HashSet<>();
                for (int g = 0; g < k; g++) {
                    int i = a * k + g;
                    int[] ids = gen.get(i).stream().mapToInt(Integer::intValue).toArray();
                    String text = tok.decode(ids);
                    if (text.strip().length() < 4 || !seen.add(text)) {
                        continue;
                    }
                    int reportTokens = prefix.get(parent).length - 1 + ids.length;
                    boolean isFinal =
                            fin[i]
                                    || parent.depth() + 1 >= settings.maxSentences()
                                    || reportTokens
                                            >= Math.min(
                                                    settings.maxReportTokens(),
                                                    vlm.maxResponseTokens());
                    SearchNode child =
                            new SearchNode(
                                    nextId++,
                                    parent,
                                    g,
                                    ids,
                                    text,
                                    raw[i],
                                    pen[i] / ids.length,
                                    isFinal);
                    prefix.put(child, concat(prefix.get(parent), gen.get(i)));
                    if (!isFinal) {
                        nonFinal.add(child);
                    }
                }
            }
            nonFinal.sort(Comparator.comparingDouble(SearchNode::cumulativeScore).reversed());
            int keep = settings.keepTop() + settings.keepBottom();
            if (nonFinal.size() > keep) {
                List<SearchNode> kept = new ArrayList<>(nonFinal.subList(0, settings.keepTop()));
                kept.addAll(
                        nonFinal.subList(nonFinal.size() - settings.keepBottom(), nonFinal.size()));
                for (SearchNode c : nonFinal) {
                    if (!kept.contains(c)) {
                        c.setPruned(true);
                    }
                }
                active = kept;
            } else {
                active = nonFinal;
            }
        }
        List<SearchNode> all = new ArrayList<>();
        collect(root, all);
        double[] r = scorer.score(image, all.stream().map(SearchNode::text).toList());
        for (int i = 0; i < all.size(); i++) {
            all.get(i).setRImage(r[i]);
        }
        List<CalibratedReward.ScoredPath> paths =
                new CalibratedReward(settings.mode(), settings.lambda()).scorePaths(root);
        return new Result(root, paths, tokens, calls);
    }

    private static void collect(SearchNode n, List<SearchNode> out) {
        for (SearchNode c : n.children()) {
            out.add(c);
            collect(c, out);
        }
    }

    private static int[] concat(int[] a, List<Integer> b) {
        int[] out = Arrays.copyOf(a, a.length + b.size());
        for (int i = 0; i < b.size(); i++) {
            out[a.length + i] = b.get(i);
        }
        return out;
    }
}
