package io.medstream.jobs.cli.report;

import io.medstream.models.report.ReportModels;
import io.medstream.models.report.scorer.ScorerTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./medstream report train-scorer}: the CLIP-style visual scorer with hard negatives. */
@Command(name = "train-scorer", mixinStandardHelpOptions = true,
        description = "Train the visual scorer (image-sentence similarity) on phantoms.")
public final class ReportTrainScorerCommand implements Callable<Integer> {
    private static final ScorerTrainer.Settings D = ScorerTrainer.Settings.defaults();

    @Option(names = "--out", required = true, description = "Checkpoint directory (e.g. MODELS/scorer).")
    Path out;

    @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps = D.steps();

    @Option(names = "--count", description = "Training phantoms (default: ${DEFAULT-VALUE}).")
    int count = D.trainCount();

    @Option(names = "--data-seed", description = "Phantom seed of the training set (default: ${DEFAULT-VALUE}).")
    long dataSeed = D.dataSeed();

    @Option(names = "--seed", description = "Initialisation, batch-order and negative-sampling seed (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Override
    public Integer call() throws Exception {
        var s = new ScorerTrainer.Settings(count, dataSeed, steps, D.batchSize(), D.learningRate(), seed);
        try (ProgressBars bars = new ProgressBars()) {
            ReportModels.trainScorer(s, out, bars).close();
        }
        System.out.println("scorer written to " + out.toAbsolutePath());
        return 0;
    }
}
