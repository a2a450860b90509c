package io.medstream.cli.tools;

import io.medstream.models.report.csr.RewardMode;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.training.report.ReportModels;
import io.medstream.training.report.dpo.DpoTrainer;
import io.medstream.training.report.drafter.DrafterTrainer;
import io.medstream.training.report.scorer.ScorerTrainer;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Plain command-line driver for reproducing the shipped models without the medstream CLI: {@code
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp ...
 * io.medstream.training.report.ReportModelsMain <command> ...}. The medstream CLI calls {@link
 * ReportModels} directly.
 */
public final class ReportModelsMain {

    private ReportModelsMain() {}

    public static void main(String[] args) throws Exception {
        TrainingProgress p = TrainingProgress.printing(50);
        String usage =
                """
                train OUT_DIR                      base drafter (fixed budget, seed 7)
                train-scorer OUT_DIR               visual scorer (seed 11)
                dpo MODEL_ROOT ITERATIONS [PAIRS|-] [RANK|WEIGHTED_SUM] [LR]  CSR + DPO from MODEL_ROOT/base, /scorer
                eval MODEL_ROOT COUNT SEED VALIDATION_COUNT JSON [MODES, e.g. greedy,csr]
                calibrate DRAFTER_DIR SCORER_DIR COUNT SEED csr|greedy   writes DRAFTER_DIR/calibration.json""";
        if (args.length < 2) {
            System.err.println(usage);
            System.exit(2);
        }
        switch (args[0]) {
            case "train" ->
                    ReportModels.trainDrafter(
                                    DrafterTrainer.Settings.defaults(), Path.of(args[1]), p)
                            .close();
            case "train-scorer" ->
                    ReportModels.trainScorer(ScorerTrainer.Settings.defaults(), Path.of(args[1]), p)
                            .close();
            case "dpo" ->
                    ReportModels.dpo(
                            Path.of(args[1]),
                            args.length > 3 && !args[3].equals("-") ? new File(args[3]) : null,
                            Integer.parseInt(args[2]),
                            args.length > 4 ? RewardMode.valueOf(args[4]) : RewardMode.RANK,
                            args.length > 5
                                    ? Float.parseFloat(args[5])
                                    : DpoTrainer.Settings.defaults().learningRate(),
                            p);
            case "eval" ->
                    ReportModels.eval(
                            Path.of(args[1]),
                            Integer.parseInt(args[2]),
                            Long.parseLong(args[3]),
                            Integer.parseInt(args[4]),
                            Path.of(args[5]),
                            args.length > 6 ? List.of(args[6].split(",")) : null,
                            TrainingProgress.printing(25));
            case "calibrate" ->
                    System.out.println(
                            ReportModels.calibrate(
                                    Path.of(args[1]),
                                    Path.of(args[2]),
                                    Integer.parseInt(args[3]),
                                    Long.parseLong(args[4]),
                                    switch (args[5]) {
                                        case "csr" -> true;
                                        case "greedy" -> false;
                                        default ->
                                                throw new IllegalArgumentException(
                                                        "mode must be csr or greedy: " + args[5]);
                                    },
                                    TrainingProgress.printing(25)));
            default -> {
                System.err.println(usage);
                System.exit(2);
            }
        }
    }
}
