package io.medstream.models.report.serving;

import java.util.List;

/**
 * One merged report for a series (see {@link SeriesMerger} for the rule). Field names and
 * nullability follow the {@code StudyReport} Avro record's {@code ReportSentence}/{@code
 * ReportFinding}, plus the slice each came from.
 *
 * @param studyInstanceUid the study
 * @param seriesInstanceUid the series
 * @param mode "csr" or "greedy"
 * @param sentences the report, in order
 * @param findings one per lesion sentence, in report order
 * @param text the sentences joined by single spaces
 * @param tokensGenerated tokens generated over all slices (CSR: every search candidate)
 */
public record SeriesReport(
        String studyInstanceUid,
        String seriesInstanceUid,
        String mode,
        List<Sentence> sentences,
        List<Finding> findings,
        String text,
        long tokensGenerated) {

    public SeriesReport {
        sentences = List.copyOf(sentences);
        findings = List.copyOf(findings);
    }

    public List<String> texts() {
        return sentences.stream().map(Sentence::text).toList();
    }

    /**
     * @param text the sentence
     * @param rText mean token log-prob under the drafter
     * @param rImage visual scorer, 100·cos
     * @param reward combined reward on [0,1]
     * @param confidence calibrated probability that the sentence is true of its slice
     * @param sopInstanceUid the slice it was drafted for
     */
    public record Sentence(
            String text,
            double rText,
            double rImage,
            double reward,
            double confidence,
            String sopInstanceUid) {}

    /**
     * @param organ "liver", "spleen", "kidney" or "lung"
     * @param side "right" or "left" for paired organs, else null
     * @param sizeMm the stated size, null when the sentence gives none
     * @param characteristic contrast class, e.g. "hypodense"
     * @param sopInstanceUid the slice the sentence came from
     * @param confidence the sentence's calibrated confidence
     */
    public record Finding(
            String organ,
            String side,
            Double sizeMm,
            String characteristic,
            String sopInstanceUid,
            double confidence) {}
}
