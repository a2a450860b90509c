package io.medstream.cli.report;

import io.medstream.training.report.ReportModels;
import io.medstream.training.report.scorer.ScorerTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./medstream report train-scorer}: the CLIP-style visual scorer with hard negatives. */
@Command(
        name = "train-scorer",
        mixinStandardHelpOptions = true,
        description =
                "Train the visual scorer on phantoms (defaults: 2400 steps, 2000 phantoms of seed 1001, seed 11).")
public final class ReportTrainScorerCommand implements Callable<Integer> {

    @Mixin TrainingOptions o;

    @Override
    public Integer call() throws Exception {
        ScorerTrainer.Settings d = ScorerTrainer.Settings.defaults();
        var s =
                new ScorerTrainer.Settings(
                        o.count(d.trainCount()),
                        o.dataSeed(d.dataSeed()),
                        o.steps(d.steps()),
                        d.batchSize(),
                        d.learningRate(),
                        o.seed(d.seed()));
        try (ProgressBars bars = new ProgressBars()) {
            ReportModels.trainScorer(s, o.out, bars).close();
        }
        System.out.println("scorer written to " + o.out.toAbsolutePath());
        return 0;
    }
}
