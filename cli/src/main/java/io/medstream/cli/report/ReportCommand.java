package io.medstream.cli.report;

import io.medstream.models.common.ShippedModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;

/** {@code ./medstream report ...}: the CSR report drafter's training, DPO and evaluation. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Report drafting with Calibrated Self-Rewarding: train, dpo, eval, calibrate.",
        subcommands = {
            ReportTrainCommand.class,
            ReportTrainScorerCommand.class,
            ReportDpoCommand.class,
            ReportEvalCommand.class,
            ReportCalibrateCommand.class,
            ReportFitOodCommand.class,
            ReportOodEvalCommand.class
        })
public final class ReportCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The shipped models (base drafter, scorer, DPO iteration 3) as a directory. */
    static Path shippedRoot() throws IOException {
        return ShippedModels.reportRoot();
    }
}
