package io.medstream.cli.report;

import io.medstream.training.report.ReportModels;
import io.medstream.training.report.drafter.DrafterTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code ./medstream report train}: the base drafter, with the fixed documented budget by default.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train the base report drafter on phantoms (defaults: 1500 steps, 2000 phantoms of seed 1001, seed 7).")
public final class ReportTrainCommand implements Callable<Integer> {

    @Mixin TrainingOptions o;

    @Override
    public Integer call() throws Exception {
        DrafterTrainer.Settings d = DrafterTrainer.Settings.defaults();
        var s =
                new DrafterTrainer.Settings(
                        o.count(d.trainCount()),
                        o.dataSeed(d.dataSeed()),
                        o.steps(d.steps()),
                        d.batchSize(),
                        d.learningRate(),
                        o.seed(d.seed()));
        try (ProgressBars bars = new ProgressBars()) {
            ReportModels.trainDrafter(s, o.out, bars).close();
        }
        System.out.println("drafter written to " + o.out.toAbsolutePath());
        return 0;
    }
}
