package io.medstream.cli.sam;

import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.WeightExporter;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream sam export --variant V --seed S --out FILE.safetensors}: the model's weights
 * under the official PyTorch keys, freshly initialised with the seed, or taken from {@code --model
 * DIR}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write SAM-UNet weights as safetensors under the official state_dict keys.")
public final class SamExportCommand implements Callable<Integer> {

    @Option(
            names = "--variant",
            description = "Variant to initialise (tiny, vit_b_r34, vit_b_r50).")
    String variant;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--model",
            description = "Export this checkpoint folder instead of a fresh model.")
    Path model;

    @Option(names = "--out", required = true, description = "Output .safetensors file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (variant == null)) {
            System.err.println("give exactly one of --variant (fresh, seeded) or --model DIR");
            return 2;
        }
        try (SamUnetPredictor m =
                model != null
                        ? SamUnetPredictor.load(SamUnetPredictor.Options.checkpoint(model))
                        : SamUnetPredictor.fresh(SamUnetVariant.fromName(variant), seed)) {
            WeightExporter.exportFile(m.block(), out);
        }
        System.out.println("wrote " + out + " (sha256 " + SamUnetModelCard.sha256(out) + ")");
        return 0;
    }
}
