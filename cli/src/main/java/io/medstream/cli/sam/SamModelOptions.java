package io.medstream.cli.sam;

import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Mixin: {@code [--model DIR | --weights FILE --variant V]}; neither = the shipped tiny model. */
public final class SamModelOptions {

    @Option(names = "--model", description = "Checkpoint folder (model.json + safetensors).")
    Path model;

    @Option(
            names = "--weights",
            description = "Bare safetensors file under official keys (needs --variant).")
    Path weights;

    @Option(names = "--variant", description = "Variant of --weights: tiny, vit_b_r34, vit_b_r50.")
    String variant;

    /** Loads the selected model. */
    public SamUnetPredictor load() throws IOException {
        if (model != null && weights != null) {
            throw new IllegalArgumentException("use either --model or --weights, not both");
        }
        if (model != null) {
            return SamUnetPredictor.load(SamUnetPredictor.Options.checkpoint(model));
        }
        if (weights != null) {
            if (variant == null) {
                throw new IllegalArgumentException("--weights needs --variant");
            }
            return SamUnetPredictor.load(
                    SamUnetPredictor.Options.weights(SamUnetVariant.fromName(variant), weights));
        }
        return SamUnetPredictor.load(SamUnetPredictor.Options.shipped());
    }

    /** Human-readable source for JSON output. */
    public String source() {
        return model != null
                ? model.toString()
                : weights != null ? weights.toString() : "shipped tiny";
    }
}
