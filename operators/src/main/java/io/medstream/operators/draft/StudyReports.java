package io.medstream.operators.draft;

import io.medstream.models.common.Sha256;
import io.medstream.models.intendeduse.GateDecision;
import io.medstream.models.report.serving.SeriesReport;
import io.medstream.schemas.AnalysisStatus;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ReportFinding;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.ReportStatus;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@code scans.reports} record of a drafted series. */
public final class StudyReports {
    private StudyReports() {}

    /**
     * @param iteration the drafter's CSR/DPO iteration (0 = base)
     */
    public static StudyReport of(
            CompletedSeries series,
            SeriesReport report,
            ModelRef drafter,
            ModelRef scorer,
            int iteration,
            long createdMillis) {
        List<String> traces = new ArrayList<>();
        for (SegmentedSlice s : series.getSlices()) {
            traces.add(s.getSlice().getTraceId());
        }
        SegmentedSlice first = series.getSlices().get(0);
        List<ReportSentence> sentences = new ArrayList<>();
        for (SeriesReport.Sentence s : report.sentences()) {
            sentences.add(
                    new ReportSentence(
                            s.text(), s.rText(), s.rImage(), s.reward(), s.confidence()));
        }
        List<ReportFinding> findings = new ArrayList<>();
        for (SeriesReport.Finding f : report.findings()) {
            findings.add(
                    new ReportFinding(
                            f.organ(),
                            f.side(),
                            f.sizeMm(),
                            f.characteristic(),
                            f.sopInstanceUid(),
                            f.confidence()));
        }
        ModelRef segmentation = first.getResult().getModel();
        return StudyReport.newBuilder()
                .setReportId(reportId(series.getSeriesInstanceUid(), drafter, scorer, segmentation))
                .setTraceIds(traces)
                .setStudyInstanceUid(series.getStudyInstanceUid())
                .setSeriesInstanceUid(series.getSeriesInstanceUid())
                .setPatientKey(first.getSlice().getPatientKey())
                .setModality(first.getSlice().getModality())
                .setStatus(ReportStatus.PRELIMINARY)
                .setInstanceCount(series.getSlices().size())
                .setCompletion(series.getCompletion())
                .setText(report.text())
                .setSentences(sentences)
                .setFindings(findings)
                .setDrafterModel(drafter)
                .setScorerModel(scorer)
                .setSegmentationModel(segmentation)
                .setCsrIteration(iteration)
                .setCreatedTimeMillis(Instant.ofEpochMilli(createdMillis))
                .build();
    }

    /**
     * The report of a series outside the drafter's intended use: NOT_ANALYSED, no sentences and no
     * findings; its text (and so the FHIR conclusion) says why, so nothing is dropped silently.
     */
    public static StudyReport notAnalysed(
            CompletedSeries series,
            GateDecision decision,
            ModelRef drafter,
            ModelRef scorer,
            int iteration,
            long createdMillis) {
        SeriesReport empty =
                new SeriesReport(
                        series.getStudyInstanceUid(),
                        series.getSeriesInstanceUid(),
                        "none",
                        List.of(),
                        List.of(),
                        decision.reason(),
                        0);
        StudyReport r = of(series, empty, drafter, scorer, iteration, createdMillis);
        r.setAnalysis(AnalysisStatus.NOT_ANALYSED);
        r.setNotAnalysedReason(decision.reason());
        return r;
    }

    /**
     * Deterministic id: the same series drafted by the same model versions gets the same id on a
     * replay.
     */
    static String reportId(
            String seriesUid, ModelRef drafter, ModelRef scorer, ModelRef segmentation) {
        String key =
                seriesUid
                        + "|"
                        + drafter.getSha256()
                        + "|"
                        + scorer.getSha256()
                        + "|"
                        + segmentation.getSha256();
        return Sha256.hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }
}
