package io.medstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./medstream bench ...}: benchmarks; each writes JSON and is recorded in
 * docs/BENCHMARKS.md.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {
            BenchIngestCommand.class,
            BenchPipelineCommand.class,
            io.medstream.cli.sam.BenchSamCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
