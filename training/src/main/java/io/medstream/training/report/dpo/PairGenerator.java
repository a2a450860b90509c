package io.medstream.training.report.dpo;

import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.PreferencePairs;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.PreferencePair;
import io.medstream.training.report.corpus.StudyExample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CSR data curation: search every image with the current policy, select the pair, emit
 * PreferencePair records.
 */
public final class PairGenerator {

    /** Outcome counts of one curation pass. */
    public record Stats(int images, int kept, int dropped, long tokensGenerated) {}

    private PairGenerator() {}

    /**
     * Image reference of a phantom example: "phantom://&lt;seed&gt;/&lt;index&gt;" and the sha256
     * of its input floats.
     */
    public static ClaimCheck imageRef(StudyExample e) {
        return PreferencePairs.imageRef("phantom://" + e.seed() + "/" + e.index(), e.image());
    }

    public static List<PreferencePair> generate(
            VisionLanguageModel policy,
            SentenceScorer scorer,
            List<StudyExample> images,
            SentenceSearch search,
            PairSelector selector,
            int iteration,
            String phase,
            TrainingProgress progress,
            List<Stats> statsOut) {
        List<PreferencePair> out = new ArrayList<>();
        int dropped = 0;
        long tokens = 0;
        for (int i = 0; i < images.size(); i++) {
            StudyExample e = images.get(i);
            SentenceSearch.Result r = search.search(policy, scorer, e.image());
            tokens += r.tokensGenerated();
            PairSelector.Selection sel = selector.select(r.bestFirst());
            if (sel.kept()) {
                out.add(
                        PreferencePairs.of(
                                "csr-it" + iteration + "-" + e.seed() + "-" + e.index(),
                                e.studyUid(),
                                e.seriesUid(),
                                e.sopUid(),
                                imageRef(e),
                                sel,
                                search.settings().toAvro(),
                                policy.modelRef(),
                                scorer.modelRef(),
                                iteration,
                                Instant.ofEpochMilli(0L)));
            } else {
                dropped++;
            }
            progress.update(phase, i + 1, images.size(), out.size());
        }
        if (statsOut != null) {
            statsOut.add(new Stats(images.size(), out.size(), dropped, tokens));
        }
        return out;
    }
}
