package io.medstream.training.report.serving;

import io.medstream.models.report.serving.DraftedReport;
import io.medstream.models.report.serving.SeriesMerger;
import io.medstream.models.report.serving.SeriesReport;
import io.medstream.models.report.serving.SliceDraft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The series merge rule on hand-built drafts (no models). */
class SeriesMergerTest {

    static DraftedReport.Sentence s(String text, double confidence) {
        return new DraftedReport.Sentence(text, -0.1, 20.0, 0.6, confidence);
    }

    static SliceDraft slice(
            String sop, Integer instance, long tokens, DraftedReport.Sentence... sentences) {
        return new SliceDraft(
                sop, instance, new DraftedReport(List.of(sentences), tokens, "csr"), null, null);
    }

    @Test
    void mergeRule() {
        // given in reverse instance order: the merge orders by InstanceNumber
        SliceDraft third =
                slice(
                        "sop3",
                        3,
                        30,
                        s("CT of the abdomen.", 0.70),
                        s(
                                "Hypodense lesion in the liver, approx. 14.0 mm.",
                                0.80), // more confident than sop1's: wins
                        s("The left kidney is unremarkable.", 0.60),
                        s("Liver liver liver.", 0.10)); // unparsed, kept
        SliceDraft second =
                slice(
                        "sop2",
                        2,
                        20,
                        s("CT of the abdomen.", 0.95), // the one technique sentence
                        s("Hyperdense lesion in the right kidney measuring 8.5 mm.", 0.55),
                        s("No focal lesion in the liver.", 0.90), // dropped: liver lesion elsewhere
                        s("No focal lesion in the spleen.", 0.70),
                        s("No focal lesion is identified.", 0.99)); // dropped: lesions remain
        SliceDraft first =
                slice(
                        "sop1",
                        1,
                        10,
                        s("CT of the abdomen.", 0.90),
                        s("Hypodense lesion in the liver measuring 12.0 mm.", 0.75),
                        s(
                                "Hyperdense lesion in the liver measuring 20.0 mm.",
                                0.40), // other contrast: its own sentence
                        s("The spleen is unremarkable.", 0.75), // beats sop2's spleen negative
                        s("Liver liver liver.", 0.05)); // same unparsed text, less confident

        SeriesReport r = SeriesMerger.merge("st", "se", List.of(third, second, first));

        assertThat(r.texts())
                .containsExactly(
                        "CT of the abdomen.",
                        "Hyperdense lesion in the liver measuring 20.0 mm.", // sop1
                        "Hyperdense lesion in the right kidney measuring 8.5 mm.", // sop2
                        "Hypodense lesion in the liver, approx. 14.0 mm.", // sop3
                        "The spleen is unremarkable.", // spleen before left kidney
                        "The left kidney is unremarkable.",
                        "Liver liver liver.");
        assertThat(r.sentences())
                .extracting(SeriesReport.Sentence::sopInstanceUid)
                .containsExactly("sop2", "sop1", "sop2", "sop3", "sop1", "sop3", "sop3");
        assertThat(r.sentences().get(0).confidence()).isEqualTo(0.95);
        assertThat(r.findings())
                .containsExactly(
                        new SeriesReport.Finding("liver", null, 20.0, "hyperdense", "sop1", 0.40),
                        new SeriesReport.Finding(
                                "kidney", "right", 8.5, "hyperdense", "sop2", 0.55),
                        new SeriesReport.Finding("liver", null, 14.0, "hypodense", "sop3", 0.80));
        assertThat(r.text())
                .startsWith("CT of the abdomen. Hyperdense lesion in the liver")
                .endsWith("The left kidney is unremarkable. Liver liver liver.");
        assertThat(r.tokensGenerated()).isEqualTo(60);
        assertThat(r.mode()).isEqualTo("csr");
        assertThat(r.studyInstanceUid()).isEqualTo("st");
        assertThat(r.seriesInstanceUid()).isEqualTo("se");

        // deterministic and independent of the input order
        assertThat(SeriesMerger.merge("st", "se", List.of(first, second, third))).isEqualTo(r);
    }

    @Test
    void globalNegativeOnlyWithoutLesionsAndOneOfEach() {
        SeriesReport r =
                SeriesMerger.merge(
                        "st",
                        "se",
                        List.of(
                                slice(
                                        "a",
                                        1,
                                        1,
                                        s("CT of the chest.", 0.9),
                                        s("No focal lesion is identified.", 0.6)),
                                slice(
                                        "b",
                                        2,
                                        1,
                                        s("CT of the chest.", 0.9),
                                        s("No focal lesion is identified.", 0.8),
                                        s("No focal lesion in the right lung.", 0.7))));
        assertThat(r.texts())
                .containsExactly(
                        "CT of the chest.",
                        "No focal lesion in the right lung.",
                        "No focal lesion is identified.");
        assertThat(r.sentences())
                .extracting(SeriesReport.Sentence::sopInstanceUid)
                .containsExactly("a", "b", "b");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void sideIsPartOfTheOrganAndTiesGoToTheEarlierSlice() {
        SeriesReport r =
                SeriesMerger.merge(
                        "st",
                        "se",
                        List.of(
                                slice(
                                        "a",
                                        5,
                                        1,
                                        s(
                                                "Hypodense lesion in the left lung measuring 9.0 mm.",
                                                0.5)),
                                slice(
                                        "b",
                                        null,
                                        1,
                                        s(
                                                "Hypodense lesion in the left lung measuring 11.0 mm.",
                                                0.5),
                                        s("No focal lesion in the right lung.", 0.5)),
                                slice(
                                        "c",
                                        4,
                                        1,
                                        s("No focal lesion in the left lung.", 0.9),
                                        s(
                                                "Hypodense lesion in the right lung measuring 7.0 mm.",
                                                Double.NaN))));
        // c (instance 4) precedes a (5); b has no number and comes last; NaN confidence ranks
        // lowest
        assertThat(r.texts())
                .containsExactly(
                        "Hypodense lesion in the right lung measuring 7.0 mm.",
                        "Hypodense lesion in the left lung measuring 9.0 mm.");
        assertThat(r.findings())
                .extracting(SeriesReport.Finding::side)
                .containsExactly("right", "left");
        assertThat(r.findings())
                .extracting(SeriesReport.Finding::sopInstanceUid)
                .containsExactly("c", "a");
    }

    @Test
    void missingSizeIsNullAndEmptyOrMixedInputIsRejected() {
        SeriesReport r =
                SeriesMerger.merge(
                        "st",
                        "se",
                        List.of(slice("a", 1, 1, s("Hyperintense lesion in the spleen.", 0.3))));
        assertThat(r.findings())
                .containsExactly(
                        new SeriesReport.Finding("spleen", null, null, "hyperintense", "a", 0.3));
        assertThatThrownBy(() -> SeriesMerger.merge("st", "se", new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class);
        SliceDraft greedy =
                new SliceDraft("g", 2, new DraftedReport(List.of(), 0, "greedy"), null, null);
        assertThatThrownBy(() -> SeriesMerger.merge("st", "se", List.of(slice("a", 1, 1), greedy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modes");
    }
}
