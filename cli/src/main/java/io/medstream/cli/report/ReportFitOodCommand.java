package io.medstream.cli.report;

import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.training.report.ood.IntendedUseFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream report fit-ood --drafter DIR...}: fits the report models' intended use and
 * out-of-distribution detector on training and validation phantoms and writes {@code
 * intended-use.json} into each drafter folder; the weights are not touched.
 */
@Command(
        name = "fit-ood",
        mixinStandardHelpOptions = true,
        description =
                "Fit the drafter's intended use and out-of-distribution detector on phantoms"
                        + " (writes DRAFTER/intended-use.json).")
public final class ReportFitOodCommand implements Callable<Integer> {

    @Option(
            names = {"--drafter", "--dir"},
            required = true,
            split = ",",
            description =
                    "Model folders to write into, e.g. MODEL_ROOT/base,MODEL_ROOT/dpo3 (or the"
                            + " SAM-UNet folder with --model samunet).")
    List<Path> drafters;

    /** Which model's training phantoms the detector is fitted on. */
    enum Model {
        drafter,
        samunet
    }

    @Option(
            names = "--model",
            description =
                    "Whose training phantoms: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Model model = Model.drafter;

    @Option(names = "--train", description = "Training phantoms (default: ${DEFAULT-VALUE}).")
    int train = IntendedUseFit.TRAIN_COUNT;

    @Option(
            names = "--validation",
            description = "Validation phantoms for the threshold (default: ${DEFAULT-VALUE}).")
    int validation = IntendedUseFit.VALIDATION_COUNT;

    @Option(
            names = "--percentile",
            description = "Validation percentile of the threshold (default: ${DEFAULT-VALUE}).")
    double percentile = IntendedUseFit.PERCENTILE;

    @Option(
            names = "--shrinkage",
            description = "Covariance shrinkage (default: ${DEFAULT-VALUE}).")
    double shrinkage = IntendedUseFit.SHRINKAGE;

    @Override
    public Integer call() throws Exception {
        IntendedUseGate gate;
        try (ProgressBars bars = new ProgressBars()) {
            gate =
                    model == Model.drafter
                            ? IntendedUseFit.fit(train, validation, percentile, shrinkage, bars)
                            : IntendedUseFit.fitSamUnet(
                                    train, validation, percentile, shrinkage, bars);
        }
        for (Path d : drafters) {
            gate.write(d);
            System.out.println("wrote " + d.resolve(IntendedUseGate.FILE));
        }
        System.out.println(gate.detector());
        return 0;
    }
}
