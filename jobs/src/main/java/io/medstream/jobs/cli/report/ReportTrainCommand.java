package io.medstream.jobs.cli.report;

import io.medstream.models.report.ReportModels;
import io.medstream.models.report.drafter.DrafterTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./medstream report train}: the base drafter, with the fixed documented budget by default. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the base report drafter on phantoms.")
public final class ReportTrainCommand implements Callable<Integer> {
    private static final DrafterTrainer.Settings D = DrafterTrainer.Settings.defaults();

    @Option(names = "--out", required = true, description = "Checkpoint directory (e.g. MODELS/base).")
    Path out;

    @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps = D.steps();

    @Option(names = "--count", description = "Training phantoms (default: ${DEFAULT-VALUE}).")
    int count = D.trainCount();

    @Option(names = "--data-seed", description = "Phantom seed of the training set (default: ${DEFAULT-VALUE}).")
    long dataSeed = D.dataSeed();

    @Option(names = "--seed", description = "Initialisation and batch-order seed (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Override
    public Integer call() throws Exception {
        var s = new DrafterTrainer.Settings(count, dataSeed, steps, D.batchSize(), D.learningRate(), seed);
        try (ProgressBars bars = new ProgressBars()) {
            ReportModels.trainDrafter(s, out, bars).close();
        }
        System.out.println("drafter written to " + out.toAbsolutePath());
        return 0;
    }
}
