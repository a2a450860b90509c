package io.medstream.models.report.serving;

import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.models.report.csr.CalibratedReward;
import io.medstream.models.report.csr.SearchNode;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.Decoding;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.tokenizer.ReportTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drafts one report, greedily or with the CSR sentence search (serving-time CSR: the chosen path is
 * the report), and attaches per-sentence R_text, R_image, combined reward and calibrated
 * confidence.
 */
public final class ReportDrafter {

    private ReportDrafter() {}

    public static DraftedReport greedy(
            VisionLanguageModel vlm,
            SentenceScorer scorer,
            float[] image,
            PlattCalibrator calibrator,
            double lambda) {
        Decoding.Result r = vlm.greedy(image);
        int period = vlm.tokenizer().periodId();
        List<int[]> sentTokens = new ArrayList<>();
        List<Double> rText = new ArrayList<>();
        int start = 0;
        int[] t = r.tokens();
        for (int i = 0; i <= t.length; i++) {
            boolean end = i == t.length || t[i] == ReportTokenizer.EOS_ID;
            if (end || t[i] == period) {
                int stop = end ? i : i + 1;
                if (stop > start) {
                    double s = 0;
                    for (int j = start; j < stop; j++) {
                        s += r.tokenLogProbs()[j];
                    }
                    sentTokens.add(Arrays.copyOfRange(t, start, stop));
                    rText.add(s / (stop - start));
                }
                start = i + 1;
                if (end) {
                    break;
                }
            }
        }
        List<String> texts = sentTokens.stream().map(vlm.tokenizer()::decode).toList();
        double[] img = scorer.score(image, texts);
        List<DraftedReport.Sentence> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(sentence(texts.get(i), rText.get(i), img[i], calibrator, lambda));
        }
        return new DraftedReport(out, r.generated(), "greedy");
    }

    public static DraftedReport csr(
            VisionLanguageModel vlm,
            SentenceScorer scorer,
            float[] image,
            SentenceSearch search,
            PlattCalibrator calibrator) {
        return fromSearch(
                search.search(vlm, scorer, image), search.settings().lambda(), calibrator);
    }

    /**
     * The report of a finished search: its best complete path (empty when there is none). Lets a
     * caller that also needs the search tree (the preference pair) draft from the same result
     * instead of searching twice.
     */
    public static DraftedReport fromSearch(
            SentenceSearch.Result r, double lambda, PlattCalibrator calibrator) {
        List<DraftedReport.Sentence> out = new ArrayList<>();
        if (!r.bestFirst().isEmpty()) {
            for (SearchNode n : r.bestFirst().get(0).nodes()) {
                out.add(sentence(n.text(), n.meanLogProb(), n.rImage(), calibrator, lambda));
            }
        }
        return new DraftedReport(out, r.tokensGenerated(), "csr");
    }

    static DraftedReport.Sentence sentence(
            String text, double rText, double rImage, PlattCalibrator cal, double lambda) {
        double reward = CalibratedReward.weightedSentenceReward(rImage, rText, lambda);
        double conf = cal == null ? Double.NaN : cal.confidence(rImage, rText);
        return new DraftedReport.Sentence(text, rText, rImage, reward, conf);
    }
}
