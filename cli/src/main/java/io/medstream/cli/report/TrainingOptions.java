package io.medstream.cli.report;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options shared by the training commands. Unset options fall back to the model's documented
 * defaults (printed in {@code --help} of each command's description), so the fixed training budget
 * stays in one place: the trainer.
 */
final class TrainingOptions {

    @Option(names = "--out", required = true, description = "Checkpoint directory.")
    Path out;

    @Option(names = "--steps", description = "Training steps (default: the model's fixed budget).")
    Integer steps;

    @Option(names = "--count", description = "Training phantoms (default: the model's).")
    Integer count;

    @Option(
            names = "--data-seed",
            description = "Phantom seed of the training set (default: the model's).")
    Long dataSeed;

    @Option(
            names = "--seed",
            description = "Initialisation, batch-order and sampling seed (default: the model's).")
    Long seed;

    int steps(int dflt) {
        return steps != null ? steps : dflt;
    }

    int count(int dflt) {
        return count != null ? count : dflt;
    }

    long dataSeed(long dflt) {
        return dataSeed != null ? dataSeed : dflt;
    }

    long seed(long dflt) {
        return seed != null ? seed : dflt;
    }
}
