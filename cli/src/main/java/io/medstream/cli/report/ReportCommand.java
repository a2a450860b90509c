package io.medstream.cli.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./medstream report ...}: the CSR report drafter's training, DPO and evaluation. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Report drafting with Calibrated Self-Rewarding: train, dpo, eval.",
        subcommands = {
            ReportTrainCommand.class,
            ReportTrainScorerCommand.class,
            ReportDpoCommand.class,
            ReportEvalCommand.class
        })
public final class ReportCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The shipped models (base drafter, scorer, DPO iteration 3) as a directory. */
    static java.nio.file.Path shippedRoot() throws java.io.IOException {
        String root = System.getProperty("medstream.root", ".");
        return io.medstream.models.common.ShippedResources.directory(
                "/report", java.nio.file.Path.of(root, "target", "shipped"));
    }
}
