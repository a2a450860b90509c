package io.medstream.models.report.drafter;

import io.medstream.models.report.tokenizer.ReportTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Greedy, sampling and beam decoding on top of {@link VisionLanguageModel#nextTokenLogProbs}.
 * Special tokens other than EOS (pad, BOS, unk) are never emitted.
 */
public final class Decoding {

    /**
     * A decoded response.
     *
     * @param tokens response ids (no BOS; EOS last when the model ended the report)
     * @param tokenLogProbs log-prob of each response token under the model (unmodified
     *     distribution)
     * @param generated tokens the model generated to produce it (for beam: all hypotheses' steps)
     */
    public record Result(int[] tokens, float[] tokenLogProbs, long generated) {
        public double logProbSum() {
            double s = 0;
            for (float f : tokenLogProbs) {
                s += f;
            }
            return s;
        }
    }

    private Decoding() {}

    static boolean banned(int id) {
        return id == ReportTokenizer.PAD_ID
                || id == ReportTokenizer.BOS_ID
                || id == ReportTokenizer.UNK_ID;
    }

    public static int argmax(float[] lp) {
        int best = -1;
        for (int i = 0; i < lp.length; i++) {
            if (!banned(i) && (best < 0 || lp[i] > lp[best])) {
                best = i;
            }
        }
        return best;
    }

    public static Result greedy(VisionLanguageModel m, float[] image, int maxTokens) {
        return run(m, image, maxTokens, lp -> argmax(lp));
    }

    /** Temperature sampling with a seeded generator (temperature 0 = greedy). */
    public static Result sample(
            VisionLanguageModel m, float[] image, int maxTokens, double temperature, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return run(
                m,
                image,
                maxTokens,
                lp -> temperature <= 0 ? argmax(lp) : draw(lp, temperature, rng));
    }

    static int draw(float[] lp, double temperature, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < lp.length; i++) {
            if (!banned(i)) {
                max = Math.max(max, lp[i] / temperature);
            }
        }
        double[] p = new double[lp.length];
        double z = 0;
        for (int i = 0; i < lp.length; i++) {
            p[i] = banned(i) ? 0 : Math.exp(lp[i] / temperature - max);
            z += p[i];
        }
        double u = rng.nextDouble() * z;
        for (int i = 0; i < lp.length; i++) {
            u -= p[i];
            if (u <= 0 && p[i] > 0) {
                return i;
            }
        }
        return argmax(lp);
    }

    private static Result run(
            VisionLanguageModel m, float[] image, int maxTokens, ToIntFunction<float[]> pick) {
        int[] seq = {ReportTokenizer.BOS_ID};
        List<Float> lps = new ArrayList<>();
        for (int step = 0; step < maxTokens; step++) {
            float[] lp = m.nextTokenLogProbs(image, List.of(seq))[0];
            int next = pick.applyAsInt(lp);
            lps.add(lp[next]);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = next;
            if (next == ReportTokenizer.EOS_ID) {
                break;
            }
        }
        float[] out = new float[lps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lps.get(i);
        }
        return new Result(Arrays.copyOfRange(seq, 1, seq.length), out, out.length);
    }

    /**
     * Beam search, all live beams scored in one batched call per step; hypotheses ranked by mean
     * token log-prob. Returns up to {@code width} finished hypotheses, best first.
     */
    public static List<Result> beam(
            VisionLanguageModel m, float[] image, int maxTokens, int width) {
        record Hyp(int[] seq, float[] lps, double score) {
            double mean() {
                return score / Math.max(1, lps.length);
            }
        }
        List<Hyp> live = List.of(new Hyp(new int[] {ReportTokenizer.BOS_ID}, new float[0], 0));
        List<Hyp> done = new ArrayList<>();
        long generated = 0;
        for (int step = 0; step < maxTokens && !live.isEmpty(); step++) {
            float[][] lp = m.nextTokenLogProbs(image, live.stream().map(Hyp::seq).toList());
            generated += live.size();
            List<Hyp> cand = new ArrayList<>();
            for (int h = 0; h < live.size(); h++) {
                Integer[] order = new Integer[lp[h].length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                final float[] row = lp[h];
                Arrays.sort(order, Comparator.comparingDouble(i -> -row[i]));
                int taken = 0;
                for (int i = 0; i < order.length && taken < width; i++) {
                    int tok = order[i];
                    if (banned(tok)) {
                        continue;
                    }
                    Hyp p = live.get(h);
                    int[] s = Arrays.copyOf(p.seq, p.seq.length + 1);
                    s[s.length - 1] = tok;
                    float[] l = Arrays.copyOf(p.lps, p.lps.length + 1);
                    l[l.length - 1] = row[tok];
                    cand.add(new Hyp(s, l, p.score + row[tok]));
                    taken++;
                }
            }
            cand.sort(Comparator.comparingDouble(Hyp::score).reversed());
            List<Hyp> next = new ArrayList<>();
            for (Hyp c : cand) {
                if (next.size() >= width) {
                    break;
                }
                if (c.seq[c.seq.length - 1] == ReportTokenizer.EOS_ID || step == maxTokens - 1) {
                    done.add(c);
                } else {
                    next.add(c);
                }
            }
            live = next;
            if (done.size() >= width) {
                break;
            }
        }
        done.addAll(live);
        done.sort(Comparator.comparingDouble(Hyp::mean).reversed());
        List<Result> out = new ArrayList<>();
        for (Hyp h : done.subList(0, Math.min(width, done.size()))) {
            out.add(new Result(Arrays.copyOfRange(h.seq, 1, h.seq.length), h.lps, generated));
        }
        return out;
    }
}
