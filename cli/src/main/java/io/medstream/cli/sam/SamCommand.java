package io.medstream.cli.sam;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./medstream sam ...}: SAM-UNet predict / auto / train / eval / export. Register this class
 * in MedstreamCli's subcommands; {@link BenchSamCommand} belongs under {@code bench}.
 */
@Command(
        name = "sam",
        mixinStandardHelpOptions = true,
        description = "SAM-UNet segmentation tools.",
        subcommands = {
            SamPredictCommand.class,
            SamAutoCommand.class,
            SamTrainCommand.class,
            SamEvalCommand.class,
            SamExportCommand.class
        })
public final class SamCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
