package io.medstream.operators.fhir;

import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ReportFinding;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.StudyReport;

import java.time.Instant;
import java.util.List;

/**
 * Study reports for the FHIR tests: one with every field set (Unicode text included), one with the
 * least.
 */
final class StudyReportFixtures {
    private StudyReportFixtures() {}

    static final String STUDY_UID = "1.2.826.0.1.3680043.8.498.1";
    static final String SERIES_UID = "1.2.826.0.1.3680043.8.498.1.2";
    static final String SOP_UID = "1.2.826.0.1.3680043.8.498.1.2.37";
    static final String PATIENT_KEY =
            "9f2c1d0e8b7a6f5e4d3c2b1a00112233445566778899aabbccddeeff00112233";
    static final Instant CREATED = Instant.parse("2026-11-28T02:59:58.123Z");

    /**
     * Non-ASCII on purpose: accents, Greek, CJK and an astral-plane character must survive UTF-8 +
     * base64.
     */
    static final String SENTENCE_1 =
            "Hypodense Läsion im rechten Leberlappen, 14 mm (µ≈β), 肝 病変 🩻.";

    static final String SENTENCE_2 = "Keine freie Flüssigkeit.";
    static final String TEXT = SENTENCE_1 + " " + SENTENCE_2;

    static final ModelRef DRAFTER = model("csr-drafter", "0.3.1", "a".repeat(64));
    static final ModelRef SCORER = model("clip-scorer", "1.0.0", "b".repeat(64));
    static final ModelRef SEGMENTER = model("sam-unet", "2.1", "c".repeat(64));

    static ModelRef model(String name, String version, String sha) {
        return ModelRef.newBuilder().setName(name).setVersion(version).setSha256(sha).build();
    }

    static StudyReport full() {
        return StudyReport.newBuilder()
                .setReportId("rep-" + SERIES_UID)
                .setTraceIds(List.of("trace-1", "trace-2"))
                .setStudyInstanceUid(STUDY_UID)
                .setSeriesInstanceUid(SERIES_UID)
                .setPatientKey(PATIENT_KEY)
                .setModality("CT")
                .setInstanceCount(120)
                .setCompletion(SeriesCompletion.EXPECTED_COUNT_REACHED)
                .setText(TEXT)
                .setSentences(
                        List.of(
                                ReportSentence.newBuilder()
                                        .setText(SENTENCE_1)
                                        .setRText(-0.4)
                                        .setRImage(0.31)
                                        .setReward(0.7)
                                        .setConfidence(0.87)
                                        .build(),
                                ReportSentence.newBuilder()
                                        .setText(SENTENCE_2)
                                        .setRText(-0.2)
                                        .setRImage(0.22)
                                        .setReward(0.5)
                                        .setConfidence(0.62)
                                        .build()))
                .setFindings(
                        List.of(
                                ReportFinding.newBuilder()
                                        .setOrgan("liver")
                                        .setSide("right")
                                        .setSizeMm(14.5)
                                        .setCharacteristic("hypodense")
                                        .setSopInstanceUid(SOP_UID)
                                        .setConfidence(0.91)
                                        .build(),
                                ReportFinding.newBuilder()
                                        .setOrgan("spleen")
                                        .setConfidence(0.35)
                                        .build()))
                .setDrafterModel(DRAFTER)
                .setScorerModel(SCORER)
                .setSegmentationModel(SEGMENTER)
                .setCsrIteration(3)
                .setCreatedTimeMillis(CREATED)
                .build();
    }

    /** Only the required fields: no text, sentences, findings or segmentation model. */
    static StudyReport minimal() {
        return StudyReport.newBuilder()
                .setReportId("rep-min")
                .setStudyInstanceUid("2.25.1")
                .setSeriesInstanceUid("2.25.1.2")
                .setPatientKey("k1")
                .setModality("MR")
                .setInstanceCount(1)
                .setCompletion(SeriesCompletion.INACTIVITY_TIMEOUT)
                .setText("")
                .setDrafterModel(DRAFTER)
                .setScorerModel(SCORER)
                .setCreatedTimeMillis(Instant.ofEpochMilli(0))
                .build();
    }
}
