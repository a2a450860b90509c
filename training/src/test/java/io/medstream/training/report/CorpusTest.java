package io.medstream.training.report;

import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.Organ;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.report.corpus.SentenceSplitter;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.models.vocabulary.Side;
import io.medstream.phantom.LesionFinding;
import io.medstream.training.report.corpus.ReportJudge;
import io.medstream.training.report.corpus.ReportRenderer;
import io.medstream.training.report.corpus.StudyTruth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusTest {

    @Test
    void everyTemplateParsesBackToItsFact() {
        List<Fact> facts = new ArrayList<>();
        for (Organ o : Organ.values()) {
            for (LesionContrast c : LesionContrast.values()) {
                facts.add(Fact.lesion(o, c, 12.5));
            }
            facts.add(Fact.organNegative(o));
        }
        facts.add(Fact.globalNegative());
        for (Modality m : Modality.values()) {
            for (BodyRegion r : BodyRegion.values()) {
                facts.add(Fact.technique(m, r));
            }
        }
        int checked = 0;
        for (Fact f : facts) {
            for (int t = 0; t < ReportRenderer.templateCount(f.kind()); t++) {
                String s = ReportRenderer.sentence(f, t);
                Optional<Fact> back = SentenceParser.parse(s);
                assertTrue(back.isPresent(), s);
                assertEquals(f.kind(), back.get().kind(), s);
                assertEquals(f.organ(), back.get().organ(), s);
                assertEquals(f.contrast(), back.get().contrast(), s);
                assertEquals(f.modality(), back.get().modality(), s);
                assertEquals(f.region(), back.get().region(), s);
                if (f.kind() == Fact.Kind.LESION) {
                    assertEquals(12.5, back.get().sizeMm(), 1e-9, s);
                }
                // one sentence stays one sentence: decimals and "approx."/"max." do not split it
                assertEquals(List.of(s), SentenceSplitter.split(s));
                checked++;
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void parserRejectsGarbageAndContradictions() {
        assertTrue(SentenceParser.parse("The the the.").isEmpty());
        assertTrue(
                SentenceParser.parse("A hypodense lesion measuring 4.0 mm.").isEmpty(), "no organ");
        assertTrue(SentenceParser.parse("No hypodense lesion of 4.0 mm in the liver.").isEmpty());
        assertTrue(SentenceParser.parse("A hypodense hyperdense lesion in the liver.").isEmpty());
        assertEquals(
                Organ.KIDNEY_LEFT,
                SentenceParser.parse("There is a 7.5 mm hypodense lesion in the left kidney.")
                        .orElseThrow()
                        .organ());
    }

    @Test
    void splitterEdgeCases() {
        assertEquals(
                List.of(
                        "Liver: hypodense focal lesion, approx. 12.5 mm.",
                        "No focal lesion in the spleen."),
                SentenceSplitter.split(
                        "Liver: hypodense focal lesion, approx. 12.5 mm. No focal lesion in the spleen."));
        assertEquals(
                List.of("Lesion of 3.25 mm, i.e. small.", "Next one!", "Really?"),
                SentenceSplitter.split("Lesion of 3.25 mm, i.e. small. Next one! Really?"));
        assertEquals(
                List.of("1. Liver lesion, max. diameter 10 mm.", "2. Spleen normal."),
                SentenceSplitter.split("1. Liver lesion, max. diameter 10 mm. 2. Spleen normal."));
        assertEquals(
                List.of("Measures 4 cm. vs prior exam unchanged."),
                SentenceSplitter.split("Measures 4 cm. vs prior exam unchanged."),
                "lower case after '.': no split");
        assertEquals(
                List.of("No trailing period"), SentenceSplitter.split("  No trailing period  "));
        assertEquals(List.of("A.", "B."), SentenceSplitter.split("A.\nB."));
        assertEquals(List.of(), SentenceSplitter.split("   "));
        assertEquals(List.of("Value 12.5.", "Then."), SentenceSplitter.split("Value 12.5. Then."));
    }

    @Test
    void judgeCountsHallucinationsOneToOne() {
        StudyTruth truth =
                new StudyTruth(
                        Modality.CT,
                        BodyRegion.ABDOMEN,
                        List.of(
                                new StudyTruth.Lesion(Organ.LIVER, LesionContrast.HYPODENSE, 12.0),
                                new StudyTruth.Lesion(
                                        Organ.KIDNEY_LEFT, LesionContrast.HYPERDENSE, 8.0)));
        ReportJudge.Verdict v =
                ReportJudge.judge(
                        List.of(
                                "CT of the abdomen.",
                                "There is a 10.0 mm hypodense lesion in the liver.",
                                "A hypodense lesion of approx. 5.0 mm is noted in the liver.", // second liver lesion: not in truth
                                "Focal hyperdense lesion in the right kidney, max. diameter 8.0 mm.", // wrong side
                                "No focal lesion in the spleen.",
                                "The left kidney is unremarkable.", // false negation
                                "Garbage words here."),
                        truth);
        assertEquals(List.of(true, true, false, false, true, false, false), v.sentenceTrue());
        assertEquals(3, v.lesionMentions());
        assertEquals(2, v.hallucinatedMentions());
        assertEquals(2, v.groundTruthLesions());
        assertEquals(1, v.recalledLesions());
        assertEquals(2.0, v.sizeAbsErrorSum(), 1e-9);
        assertTrue(v.hasHallucination());
    }

    @Test
    void renderedReportIsTrueOfItsOwnTruth() {
        StudyTruth truth =
                new StudyTruth(
                        Modality.MR,
                        BodyRegion.CHEST,
                        List.of(
                                new StudyTruth.Lesion(
                                        Organ.LUNG_LEFT, LesionContrast.HYPERINTENSE, 37.37)));
        for (long seed = 0; seed < 20; seed++) {
            List<String> r =
                    ReportRenderer.render(
                            Modality.MR,
                            BodyRegion.CHEST,
                            List.of(
                                    new LesionFinding(
                                            "lesion_1",
                                            "lung_left",
                                            Side.LEFT,
                                            37.37,
                                            LesionContrast.HYPERINTENSE,
                                            300,
                                            30,
                                            1,
                                            1,
                                            0,
                                            0,
                                            2,
                                            2,
                                            4)),
                            seed);
            assertEquals(3, r.size(), r.toString()); // technique, lesion, right-lung negative
            assertTrue(r.get(1).contains("37.4"), r.toString());
            ReportJudge.Verdict v = ReportJudge.judge(r, truth);
            assertFalse(v.hasHallucination());
            assertTrue(v.sentenceTrue().stream().allMatch(b -> b), r.toString());
            assertEquals(r, SentenceSplitter.split(String.join(" ", r)));
        }
    }
}
