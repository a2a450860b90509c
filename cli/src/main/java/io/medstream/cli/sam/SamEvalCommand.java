package io.medstream.cli.sam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.training.samunet.eval.SamUnetEvaluator;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream sam eval [--model DIR] --count N --seed S --json FILE}: box-prompt Dice on
 * phantoms whose seed differs from every training data seed in the model card.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate box-prompt Dice on phantoms (seed disjoint from training).")
public final class SamEvalCommand implements Callable<Integer> {

    @Mixin SamModelOptions modelOptions;

    @Option(
            names = "--count",
            defaultValue = "200",
            description = "Phantoms (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", required = true, description = "Output JSON file.")
    Path json;

    @Option(
            names = "--no-box-constraint",
            description =
                    "Headline figures without confining each mask to its box "
                            + "prompt (both variants are in the JSON either way).")
    boolean noBoxConstraint;

    @Option(
            names = "--box-prompts",
            defaultValue = "tight",
            description =
                    "Prompt boxes: tight (the target's tight box, "
                            + "default), loose:N (grown by N px per side) or jitter (shifted as in training, may cut the object).")
    String boxPrompts;

    @Override
    public Integer call() throws Exception {
        SamUnetEvaluator.BoxPrompts prompts;
        try {
            prompts = SamUnetEvaluator.BoxPrompts.parse(boxPrompts);
        } catch (IllegalArgumentException e) {
            System.err.println("--box-prompts: " + e.getMessage());
            return 2;
        }
        try (SamUnetPredictor segmenter = modelOptions.load()) {
            SamUnetModelCard card = segmenter.card();
            if (card != null) {
                for (Map<String, Object> s : card.stages()) {
                    Object ds = s.get("dataSeed");
                    if (ds instanceof Number n && n.longValue() == seed) {
                        System.err.println(
                                "--seed "
                                        + seed
                                        + " is a training data seed of this model; pick another");
                        return 2;
                    }
                }
            }
            Map<String, Object> report;
            try (ProgressBar bar =
                    new ProgressBarBuilder()
                            .setTaskName("eval")
                            .setInitialMax(count)
                            .setStyle(ProgressBarStyle.ASCII)
                            .build()) {
                report =
                        SamUnetEvaluator.evaluate(
                                segmenter, seed, count, !noBoxConstraint, prompts, bar::stepTo);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", modelOptions.source());
            if (card != null) {
                out.put("modelMode", card.mode());
                out.put("modelSha256", card.sha256());
            }
            out.putAll(report);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(json.toFile(), out);
            @SuppressWarnings("unchecked")
            Map<String, Object> other =
                    (Map<String, Object>)
                            report.get(noBoxConstraint ? "boxConstrained" : "unconstrained");
            System.out.printf(
                    "meanDice %.4f medianDice %.4f over %s targets (box constraint %s; %s: meanDice %.4f) -> %s%n",
                    report.get("meanDice"),
                    report.get("medianDice"),
                    report.get("targets"),
                    noBoxConstraint ? "off" : "on",
                    noBoxConstraint ? "with it" : "without it",
                    other.get("meanDice"),
                    json);
        }
        return 0;
    }
}
