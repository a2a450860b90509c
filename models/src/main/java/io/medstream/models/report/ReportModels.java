package io.medstream.models.report;

import io.medstream.models.report.drafter.DrafterTrainer;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.ScorerTrainer;
import io.medstream.models.report.scorer.VisualScorer;

import java.io.IOException;
import java.nio.file.Path;

/** The public entry points the medstream CLI ({@code ./medstream report ...}) calls. */
public final class ReportModels {

    private ReportModels() {
    }

    /** {@code ./medstream report train}: trains the base drafter and writes its checkpoint to {@code outDir}. */
    public static SmallDrafter trainDrafter(DrafterTrainer.Settings settings, Path outDir, TrainingProgress progress)
            throws IOException {
        return DrafterTrainer.train(settings, outDir, progress);
    }

    /** {@code ./medstream report train-scorer}: trains the visual scorer and writes its checkpoint to {@code outDir}. */
    public static VisualScorer trainScorer(ScorerTrainer.Settings settings, Path outDir, TrainingProgress progress)
            throws IOException {
        return ScorerTrainer.train(settings, outDir, progress);
    }
}
