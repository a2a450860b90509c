package io.medstream.training.report;

import io.medstream.models.common.ShippedResources;
import io.medstream.models.report.corpus.Fact;
import io.medstream.models.report.corpus.SentenceParser;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.models.report.serving.DraftedReport;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.training.report.corpus.ReportJudge;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.corpus.StudyTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped small models load (sha256 checked against their cards) and draft deterministic,
 * parseable reports.
 */
class ShippedModelsTest {

    @BeforeAll
    static void oneThread() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static Path dir(String name) throws Exception {
        // The shipped models sit in the models jar; the loaders read files, so unpack them once
        // under target/.
        return ShippedResources.directory("/report", Path.of("target", "shipped-models"))
                .resolve(name);
    }

    @Test
    void shippedModelsLoadAndDraft() throws Exception {
        PhantomGenerator gen = new PhantomGenerator(StudyImages.PHANTOM_CONFIG);
        try (SmallDrafter base = SmallDrafter.load(dir("base"));
                VisualScorer scorer = VisualScorer.load(dir("scorer"))) {
            assertEquals(ModelCard.read(dir("base")).weightsSha256(), base.modelRef().getSha256());
            assertEquals(
                    Checkpoints.sha256(dir("scorer").resolve(Checkpoints.WEIGHTS)),
                    scorer.modelRef().getSha256());
            for (int i = 0; i < 2; i++) {
                var slice = gen.generate(StudyImages.TEST_SEED, i);
                DraftedReport a = ReportModels.draft(base, scorer, slice, false, null);
                DraftedReport b = ReportModels.draft(base, scorer, slice, false, null);
                assertEquals(a.texts(), b.texts(), "greedy drafting is deterministic");
                assertFalse(a.sentences().isEmpty());
                Fact first = SentenceParser.parse(a.texts().get(0)).orElseThrow();
                assertEquals(Fact.Kind.TECHNIQUE, first.kind(), a.texts().toString());
                for (DraftedReport.Sentence s : a.sentences()) {
                    assertTrue(s.rText() <= 0 && s.rImage() >= -100 && s.rImage() <= 100);
                    assertTrue(s.reward() >= 0 && s.reward() <= 1);
                }
                ReportJudge.judge(a.texts(), StudyTruth.of(slice));
            }
        }
        if (Files.isDirectory(dir("base").resolveSibling("dpo3"))) {
            try (SmallDrafter d = SmallDrafter.load(dir("base").resolveSibling("dpo3"))) {
                assertEquals("dpo3", d.modelRef().getVersion());
                assertEquals("dpo2", ModelCard.read(dir("base").resolveSibling("dpo3")).parent());
            }
        }
    }
}
