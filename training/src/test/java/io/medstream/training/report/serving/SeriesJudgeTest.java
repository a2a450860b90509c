package io.medstream.training.report.serving;

import io.medstream.models.report.corpus.Organ;
import io.medstream.models.report.serving.SeriesReport;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.corpus.StudyTruth;
import io.medstream.training.report.eval.SeriesJudge;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CHAIR of a merged series report against the pooled ground truth of the series' slices. */
class SeriesJudgeTest {

    static StudyTruth abdomen(StudyTruth.Lesion... lesions) {
        return new StudyTruth(Modality.CT, BodyRegion.ABDOMEN, List.of(lesions));
    }

    static StudyTruth.Lesion lesion(Organ organ, LesionContrast contrast, double mm) {
        return new StudyTruth.Lesion(organ, contrast, mm);
    }

    @Test
    void lesionsArePooledOverSlicesAndMatchedByOrganSideAndContrast() {
        List<StudyTruth> truths =
                List.of(
                        abdomen(lesion(Organ.LIVER, LesionContrast.HYPODENSE, 12)),
                        abdomen(),
                        abdomen(
                                lesion(Organ.LIVER, LesionContrast.HYPODENSE, 30),
                                lesion(Organ.KIDNEY_LEFT, LesionContrast.HYPERDENSE, 9)));
        SeriesJudge.Verdict v =
                SeriesJudge.judge(
                        List.of(
                                "CT of the abdomen.",
                                "Hypodense lesion in the liver measuring 25.0 mm.", // true: size is
                                // not matched
                                "Hyperdense lesion in the right kidney measuring 9.0 mm.", // wrong
                                // side:
                                // hallucinated
                                "No focal lesion in the spleen.",
                                "Garbled liver."),
                        truths);
        assertThat(v.hallucinatedSentence()).containsExactly(false, false, true, false, false);
        assertThat(v.hallucinated()).isTrue();
        assertThat(v.lesionMentions()).isEqualTo(2);
        assertThat(v.hallucinatedMentions()).isEqualTo(1);
        assertThat(v.chairI()).isEqualTo(0.5);
        assertThat(v.groundTruthLesions()).isEqualTo(3);
        assertThat(v.groundTruthClasses())
                .isEqualTo(2); // liver hypodense (twice), left kidney hyperdense
        assertThat(v.recalledClasses()).isEqualTo(1);
        assertThat(v.recall()).isEqualTo(0.5);
    }

    @Test
    void aLesionOfAnotherSliceIsNotAHallucinationButAnExtraMentionIs() {
        List<StudyTruth> truths =
                List.of(abdomen(), abdomen(lesion(Organ.SPLEEN, LesionContrast.HYPODENSE, 8)));
        SeriesJudge.Verdict ok =
                SeriesJudge.judge(
                        List.of("Hypodense lesion in the spleen measuring 8.0 mm."), truths);
        assertThat(ok.hallucinated()).isFalse();
        assertThat(ok.recall()).isEqualTo(1.0);
        SeriesJudge.Verdict twice =
                SeriesJudge.judge(
                        List.of(
                                "Hypodense lesion in the spleen measuring 8.0 mm.",
                                "The spleen contains a hypodense lesion of 20.0 mm."),
                        truths);
        assertThat(twice.hallucinatedSentence()).containsExactly(false, true);
        SeriesJudge.Verdict contrast =
                SeriesJudge.judge(List.of("Hyperdense lesion in the spleen."), truths);
        assertThat(contrast.hallucinated()).isTrue();
        assertThat(contrast.recall()).isZero();
    }

    @Test
    void lesionFreeSeries() {
        SeriesJudge.Verdict v =
                SeriesJudge.judge(
                        List.of("CT of the abdomen.", "No focal lesion is identified."),
                        List.of(abdomen(), abdomen()));
        assertThat(v.hallucinated()).isFalse();
        assertThat(v.lesionMentions()).isZero();
        assertThat(v.chairI()).isZero();
        assertThat(v.recall()).isEqualTo(1.0);
        assertThatThrownBy(() -> SeriesJudge.judge(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void phantomSeriesOverloadUsesEverySlicesFindings() {
        PhantomGenerator gen = new PhantomGenerator(StudyImages.PHANTOM_CONFIG);
        List<PhantomSlice> series = gen.generateSeries(StudyImages.TEST_SEED, 0, 3);
        int lesions = series.stream().mapToInt(s -> s.findings().size()).sum();
        SeriesReport empty = new SeriesReport("st", "se", "csr", List.of(), List.of(), "", 0);
        SeriesJudge.Verdict v = SeriesJudge.judge(empty, series);
        assertThat(v.groundTruthLesions()).isEqualTo(lesions);
        assertThat(v.hallucinated()).isFalse();
    }
}
