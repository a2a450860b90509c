package io.medstream.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.training.report.ReportModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream report eval [--model DIR] --count N --seed S --json FILE}: CHAIR_S, CHAIR_I,
 * recall, ECE and tokens per report on held-out phantoms for greedy, CSR, and every DPO iteration
 * present.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate greedy, CSR search and each DPO iteration on held-out phantoms.")
public final class ReportEvalCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model root (default: the shipped models).")
    Path model;

    @Option(
            names = "--count",
            defaultValue = "200",
            description = "Test phantoms (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--seed",
            defaultValue = "3003",
            description =
                    "Test phantom seed; must differ from the training and validation seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--validation",
            defaultValue = "100",
            description =
                    "Validation phantoms for the confidence calibration (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(
            names = "--modes",
            split = ",",
            description = "Only these modes, e.g. greedy,csr,dpo3 (default: all).")
    List<String> modes;

    @Option(names = "--json", required = true, description = "Write the results here.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path root = model != null ? model : ReportCommand.shippedRoot();
        Object out;
        try (ProgressBars bars = new ProgressBars()) {
            out = ReportModels.eval(root, count, seed, validation, json, modes, bars);
        }
        System.out.println(
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(out));
        return 0;
    }
}
