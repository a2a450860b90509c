package io.medstream.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.models.report.calibration.ModelCalibration;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.training.report.ReportModels;
import io.medstream.training.report.corpus.StudyImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream report calibrate --drafter DIR [--scorer DIR] [--mode csr|greedy]}: fits the
 * sentence-confidence mapping of one drafter for one decoding mode on validation phantoms and
 * writes it into the drafter's {@code calibration.json}; the weights are not touched.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Fit a drafter's confidence calibration for one decoding mode on validation phantoms"
                        + " (writes DRAFTER/calibration.json).")
public final class ReportCalibrateCommand implements Callable<Integer> {

    /** Decoding mode the calibration is fitted for. */
    enum Mode {
        csr,
        greedy
    }

    @Option(
            names = "--drafter",
            required = true,
            description = "Drafter folder (weights, config, vocabulary), e.g. MODEL_ROOT/dpo3.")
    Path drafter;

    @Option(names = "--scorer", description = "Scorer folder (default: the shipped scorer).")
    Path scorer;

    @Option(
            names = "--mode",
            defaultValue = "csr",
            description = "Decoding mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(
            names = "--count",
            defaultValue = "100",
            description = "Validation phantoms (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--seed",
            defaultValue = "" + StudyImages.VALIDATION_SEED,
            description =
                    "Validation phantom seed; the evaluation seed is refused (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path scorerDir =
                scorer != null
                        ? scorer
                        : ReportCommand.shippedRoot().resolve(ReportModelBundle.SCORER);
        ModelCalibration fit;
        try (ProgressBars bars = new ProgressBars()) {
            fit = ReportModels.calibrate(drafter, scorerDir, count, seed, mode == Mode.csr, bars);
        }
        System.out.println(
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(fit));
        return 0;
    }
}
