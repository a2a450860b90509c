package io.medstream.cli;

import io.medstream.cli.sam.BenchSamCommand;
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
            BenchOverloadCommand.class,
            BenchSamCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
