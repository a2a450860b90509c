package io.medstream.cli;

import io.medstream.cli.report.ReportCommand;
import io.medstream.cli.sam.SamCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./medstream}: one CLI for the job, the tools and the benchmarks. */
@Command(
        name = "medstream",
        mixinStandardHelpOptions = true,
        version = "medstream 0.1.0",
        description = "Real-time medical-imaging pipeline on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ClusterCommand.class,
            ChaosCommand.class,
            DicomCommand.class,
            PhantomsCommand.class,
            KafkaCommand.class,
            SwapCommand.class,
            BenchCommand.class,
            ReportCommand.class,
            SamCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MedstreamCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new MedstreamCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
