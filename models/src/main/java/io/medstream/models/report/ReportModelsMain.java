package io.medstream.models.report;

import io.medstream.models.report.drafter.DrafterTrainer;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.scorer.ScorerTrainer;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Plain command-line driver for reproducing the shipped models without the medstream CLI:
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp ... io.medstream.models.report.ReportModelsMain
 * <command> ...}. The medstream CLI calls {@link ReportModels} directly.
 */
public final class ReportModelsMain {

    private ReportModelsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("commands: train OUT_DIR | train-scorer VOCAB_FROM_DRAFTER_DIR OUT_DIR | dpo ... | eval ...");
            System.exit(2);
        }
        TrainingProgress p = TrainingProgress.printing(50);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train" -> ReportModels.trainDrafter(DrafterTrainer.Settings.defaults(), Path.of(rest[0]), p).close();
            case "train-scorer" -> ReportModels.trainScorer(ScorerTrainer.Settings.defaults(), Path.of(rest[0]), p)
                    .close();
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }
}
