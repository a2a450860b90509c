package io.medstream.operators.draft;

import io.medstream.models.report.serving.SeriesReport;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.operators.segment.TestFrames;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ReportFinding;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.ReportStatus;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code scans.reports} record of a drafted series: field mapping and the deterministic report
 * id.
 */
class StudyReportsTest {
    static final ModelRef DRAFTER = ref("csr-drafter", "dpo2", "a".repeat(64));
    static final ModelRef SCORER = ref("scorer", "1", "b".repeat(64));
    static final ModelRef SEGMENTER = ref("samunet-tiny", "v2", "c".repeat(64));

    static ModelRef ref(String name, String version, String sha) {
        return new ModelRef(name, version, sha);
    }

    static SegmentedSlice slice(String trace, String sop) {
        ScanEvent e =
                ScanEvent.newBuilder()
                        .setTraceId(trace)
                        .setStudyInstanceUid("1.2.3")
                        .setSeriesInstanceUid("1.2.3.4")
                        .setSopInstanceUid(sop)
                        .setPatientKey("pk-17")
                        .setModality("CT")
                        .setRows(64)
                        .setColumns(64)
                        .setTransferSyntaxUid("")
                        .setSource("test")
                        .setIngestTimeMillis(Instant.ofEpochMilli(1000))
                        .setPayload(new InlinePayload(ByteBuffer.allocate(0), "application/dicom"))
                        .build();
        return new SegmentedSlice(
                TestFrames.ref(e), SegmentationResults.of(e, 0, List.of(), SEGMENTER, 2000));
    }

    static final CompletedSeries SERIES =
            new CompletedSeries(
                    "1.2.3",
                    "1.2.3.4",
                    SeriesCompletion.EXPECTED_COUNT_REACHED,
                    List.of(slice("t1", "1.2.3.4.1"), slice("t2", "1.2.3.4.2")));

    static final SeriesReport REPORT =
            new SeriesReport(
                    "1.2.3",
                    "1.2.3.4",
                    "csr",
                    List.of(
                            new SeriesReport.Sentence(
                                    "Liver lesion, 12 mm.", -0.5, 30.0, 0.8, 0.9, "1.2.3.4.2"),
                            new SeriesReport.Sentence(
                                    "No free fluid.", -0.2, 20.0, 0.6, 0.7, "1.2.3.4.1")),
                    List.of(
                            new SeriesReport.Finding(
                                    "liver", null, 12.0, "hypodense", "1.2.3.4.2", 0.9)),
                    "Liver lesion, 12 mm. No free fluid.",
                    42);

    @Test
    void mapsEveryField() {
        StudyReport r = StudyReports.of(SERIES, REPORT, DRAFTER, SCORER, 2, 5000);
        assertThat(r.getTraceIds()).containsExactly("t1", "t2");
        assertThat(r.getStudyInstanceUid()).isEqualTo("1.2.3");
        assertThat(r.getSeriesInstanceUid()).isEqualTo("1.2.3.4");
        assertThat(r.getPatientKey()).isEqualTo("pk-17");
        assertThat(r.getModality()).isEqualTo("CT");
        assertThat(r.getStatus()).isEqualTo(ReportStatus.PRELIMINARY);
        assertThat(r.getInstanceCount()).isEqualTo(2);
        assertThat(r.getCompletion()).isEqualTo(SeriesCompletion.EXPECTED_COUNT_REACHED);
        assertThat(r.getText()).isEqualTo("Liver lesion, 12 mm. No free fluid.");
        assertThat(r.getSentences())
                .containsExactly(
                        new ReportSentence("Liver lesion, 12 mm.", -0.5, 30.0, 0.8, 0.9),
                        new ReportSentence("No free fluid.", -0.2, 20.0, 0.6, 0.7));
        assertThat(r.getFindings())
                .containsExactly(
                        new ReportFinding("liver", null, 12.0, "hypodense", "1.2.3.4.2", 0.9));
        assertThat(r.getDrafterModel()).isEqualTo(DRAFTER);
        assertThat(r.getScorerModel()).isEqualTo(SCORER);
        assertThat(r.getSegmentationModel()).isEqualTo(SEGMENTER); // the first slice's
        assertThat(r.getCsrIteration()).isEqualTo(2);
        assertThat(r.getCreatedTimeMillis()).isEqualTo(Instant.ofEpochMilli(5000));
        assertThat(r.getFhirDiagnosticReport()).isNull(); // added by the draft stage
    }

    @Test
    void reportIdIsTheHashOfSeriesAndModelChecksums() throws Exception {
        String key = "1.2.3.4|" + "a".repeat(64) + "|" + "b".repeat(64) + "|" + "c".repeat(64);
        String expected =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest(key.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);
        StudyReport r = StudyReports.of(SERIES, REPORT, DRAFTER, SCORER, 2, 5000);
        assertThat(r.getReportId()).isEqualTo(expected);
        // a replay (other time, other iteration number) keeps the id
        assertThat(StudyReports.of(SERIES, REPORT, DRAFTER, SCORER, 0, 9999).getReportId())
                .isEqualTo(expected);
    }

    @Test
    void reportIdChangesWithEveryModelChecksumAndTheSeriesButNotWithNamesOrVersions() {
        String id = StudyReports.reportId("1.2.3.4", DRAFTER, SCORER, SEGMENTER);
        ModelRef other = ref("x", "y", "d".repeat(64));
        assertThat(StudyReports.reportId("1.2.3.4", other, SCORER, SEGMENTER)).isNotEqualTo(id);
        assertThat(StudyReports.reportId("1.2.3.4", DRAFTER, other, SEGMENTER)).isNotEqualTo(id);
        assertThat(StudyReports.reportId("1.2.3.4", DRAFTER, SCORER, other)).isNotEqualTo(id);
        assertThat(StudyReports.reportId("1.2.3.5", DRAFTER, SCORER, SEGMENTER)).isNotEqualTo(id);
        assertThat(
                        StudyReports.reportId(
                                "1.2.3.4",
                                ref("renamed", "v9", DRAFTER.getSha256()),
                                SCORER,
                                SEGMENTER))
                .isEqualTo(id);
        assertThat(id).hasSize(32).matches("[0-9a-f]{32}");
    }
}
