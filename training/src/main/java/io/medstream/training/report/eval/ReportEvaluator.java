package io.medstream.training.report.eval;

import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.serving.DraftedReport;
import io.medstream.models.report.serving.ReportDrafter;
import io.medstream.training.report.corpus.ReportJudge;
import io.medstream.training.report.corpus.StudyExample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation of one decoding mode on held-out phantoms.
 *
 * <ul>
 *   <li>CHAIR_S: share of reports with at least one lesion mention not in the ground truth.
 *   <li>CHAIR_I: share of lesion mentions not in the ground truth (0 when a mode mentions none).
 *   <li>recall: share of ground-truth lesions mentioned (micro over all reports).
 *   <li>ECE: of the sentence confidence, whose Platt mapping is fitted on validation phantoms
 *       decoded the same way by the same model; sentence truth from {@link ReportJudge}.
 *   <li>tokensPerReport: tokens generated per report (all search candidates counted).
 * </ul>
 */
public final class ReportEvaluator {

    /** A decoding mode: greedy or CSR search. */
    public interface Mode {
        DraftedReport draft(
                VisionLanguageModel vlm, SentenceScorer scorer, float[] image, PlattCalibrator cal);

        static Mode greedy(double lambda) {
            return (vlm, scorer, image, cal) ->
                    ReportDrafter.greedy(vlm, scorer, image, cal, lambda);
        }

        static Mode csr(SentenceSearch search) {
            return (vlm, scorer, image, cal) -> ReportDrafter.csr(vlm, scorer, image, search, cal);
        }
    }

    private ReportEvaluator() {}

    /**
     * A fitted confidence mapping and the sentences it was fitted on.
     *
     * @param calibrator the Platt mapping
     * @param rImage R_image of every fit sentence
     * @param rText R_text of every fit sentence
     * @param labels whether each sentence is true of its image ({@link ReportJudge})
     */
    public record CalibrationFit(
            PlattCalibrator calibrator, double[] rImage, double[] rText, boolean[] labels) {

        /** ECE of the fitted mapping on its own fit sentences ({@link Ece#DEFAULT_BINS} bins). */
        public double fitEce() {
            double[] c = new double[labels.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = calibrator.confidence(rImage[i], rText[i]);
            }
            return Ece.of(c, labels, Ece.DEFAULT_BINS);
        }
    }

    /**
     * Decodes every validation example with {@code mode} (no calibrator), judges each sentence and
     * fits the Platt mapping on (R_image, R_text) → sentence truth. Progress counts {@code
     * 1..validation.size()} of {@code total}.
     */
    public static CalibrationFit fitCalibration(
            VisionLanguageModel vlm,
            SentenceScorer scorer,
            Mode mode,
            List<StudyExample> validation,
            String phase,
            TrainingProgress progress,
            int total) {
        List<double[]> feats = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        int done = 0;
        for (StudyExample e : validation) {
            DraftedReport r = mode.draft(vlm, scorer, e.image(), null);
            ReportJudge.Verdict v = ReportJudge.judge(r.texts(), e.truth());
            for (int i = 0; i < r.sentences().size(); i++) {
                feats.add(
                        new double[] {r.sentences().get(i).rImage(), r.sentences().get(i).rText()});
                labels.add(v.sentenceTrue().get(i));
            }
            progress.update(phase, ++done, total, Double.NaN);
        }
        double[] fi = feats.stream().mapToDouble(f -> f[0]).toArray();
        double[] ft = feats.stream().mapToDouble(f -> f[1]).toArray();
        boolean[] fl = new boolean[labels.size()];
        for (int i = 0; i < fl.length; i++) {
            fl[i] = labels.get(i);
        }
        return new CalibrationFit(PlattCalibrator.fit(fi, ft, fl), fi, ft, fl);
    }

    /**
     * Fits the calibrator on validation, then evaluates on test; returns the metrics map of the
     * JSON.
     */
    public static Map<String, Object> evaluate(
            VisionLanguageModel vlm,
            SentenceScorer scorer,
            Mode mode,
            List<StudyExample> validation,
            List<StudyExample> test,
            String phase,
            TrainingProgress progress) {
        int total = validation.size() + test.size();
        CalibrationFit fit = fitCalibration(vlm, scorer, mode, validation, phase, progress, total);
        PlattCalibrator cal = fit.calibrator();
        boolean[] fl = fit.labels();
        int done = validation.size();
        int halluReports = 0;
        int mentions = 0;
        int halluMentions = 0;
        int gt = 0;
        int recalled = 0;
        long tokens = 0;
        double sizeErr = 0;
        int sizeN = 0;
        int unparsed = 0;
        List<Double> conf = new ArrayList<>();
        List<Boolean> truth = new ArrayList<>();
        for (StudyExample e : test) {
            DraftedReport r = mode.draft(vlm, scorer, e.image(), cal);
            ReportJudge.Verdict v = ReportJudge.judge(r.texts(), e.truth());
            halluReports += v.hasHallucination() ? 1 : 0;
            mentions += v.lesionMentions();
            halluMentions += v.hallucinatedMentions();
            gt += v.groundTruthLesions();
            recalled += v.recalledLesions();
            tokens += r.tokensGenerated();
            sizeErr += v.sizeAbsErrorSum();
            sizeN += v.sizeErrorCount();
            for (int i = 0; i < r.sentences().size(); i++) {
                conf.add(r.sentences().get(i).confidence());
                truth.add(v.sentenceTrue().get(i));
                unparsed += v.facts().get(i).isEmpty() ? 1 : 0;
            }
            progress.update(phase, ++done, total, Double.NaN);
        }
        double[] c = conf.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] t = new boolean[truth.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = truth.get(i);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chairS", (double) halluReports / test.size());
        m.put("chairI", mentions == 0 ? 0.0 : (double) halluMentions / mentions);
        m.put("recall", gt == 0 ? 0.0 : (double) recalled / gt);
        m.put("ece", Ece.of(c, t, Ece.DEFAULT_BINS));
        m.put("tokensPerReport", (double) tokens / test.size());
        m.put("sentences", t.length);
        m.put(
                "sentenceAccuracy",
                truth.stream().filter(b -> b).count() / (double) Math.max(1, t.length));
        m.put(
                "meanConfidence",
                conf.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        m.put("lesionMentions", mentions);
        m.put("groundTruthLesions", gt);
        m.put("unparsedSentences", unparsed);
        m.put("sizeMaeMm", sizeN == 0 ? Double.NaN : sizeErr / sizeN);
        m.put("calibration", cal.weights());
        m.put("validationSentences", fl.length);
        return m;
    }
}
