package io.medstream.cli.report;

import io.medstream.models.report.csr.RewardMode;
import io.medstream.training.report.ReportModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream report dpo --model DIR [--pairs FILE] --iterations 3}: the CSR loop. Each
 * iteration curates its own preference pairs with the current drafter (iteration 1 may take them
 * from {@code --pairs}), fine-tunes with DPO against the frozen previous iteration, and writes
 * {@code DIR/dpo<i>} with a model card.
 */
@Command(
        name = "dpo",
        mixinStandardHelpOptions = true,
        description =
                "Run CSR iterations: curate preference pairs, DPO fine-tune, version each iteration.")
public final class ReportDpoCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            description = "Model root with base/ and scorer/; dpo1..N are written here.")
    Path model;

    @Option(
            names = "--pairs",
            description = "Avro PreferencePair file for iteration 1 (default: curate them).")
    File pairs;

    @Option(
            names = "--iterations",
            defaultValue = "3",
            description = "CSR iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(
            names = "--reward",
            defaultValue = "RANK",
            description =
                    "Pair-selection reward: RANK (reference code) or WEIGHTED_SUM (paper) (default: ${DEFAULT-VALUE}).")
    RewardMode reward;

    @Option(names = "--lr", description = "DPO learning rate (default: the trainer's).")
    Float learningRate;

    @Override
    public Integer call() throws Exception {
        try (ProgressBars bars = new ProgressBars()) {
            var written =
                    learningRate == null
                            ? ReportModels.dpo(model, pairs, iterations, reward, bars)
                            : ReportModels.dpo(
                                    model, pairs, iterations, reward, learningRate, bars);
            bars.close();
            written.forEach(p -> System.out.println("wrote " + p));
        }
        return 0;
    }
}
