package io.medstream.cli.tools;

import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.training.samunet.train.SamUnetTrainer;
import io.medstream.training.samunet.train.SamUnetTraining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link SamUnetTraining} with {@code --key value} arguments (the legs recorded in
 * docs/MODELS.md); {@code ./medstream sam train} is the documented front end.
 */
public final class SamUnetTrainingMain {
    private SamUnetTrainingMain() {}

    /** Background entry point; prints one progress line every 10 steps. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SamUnetTraining.Request r =
                new SamUnetTraining.Request(
                        SamUnetVariant.fromName(a.getOrDefault("variant", "tiny")),
                        Path.of(a.get("out")),
                        a.containsKey("init") ? Path.of(a.get("init")) : null,
                        Long.parseLong(a.getOrDefault("seed", "1")),
                        Long.parseLong(a.getOrDefault("data-seed", "1000")),
                        Integer.parseInt(a.getOrDefault("stage1-steps", "1000")),
                        Integer.parseInt(a.getOrDefault("stage2-steps", "1000")),
                        !"vit_only".equals(a.getOrDefault("stage2-mode", "sam_unet")),
                        Float.parseFloat(a.getOrDefault("lr1", "3e-4")),
                        Float.parseFloat(a.getOrDefault("lr2", "1e-4")),
                        new SamUnetTrainer.Options(
                                Integer.parseInt(a.getOrDefault("images", "4")),
                                Integer.parseInt(a.getOrDefault("prompts", "4")),
                                Double.parseDouble(a.getOrDefault("lesion-probability", "0.4"))),
                        Integer.parseInt(a.getOrDefault("checkpoint-every", "200")),
                        "SamUnetTraining " + String.join(" ", args));
        SamUnetModelCard card =
                SamUnetTraining.run(
                        r,
                        (stage, step, steps, loss, sec) -> {
                            if (step <= 5 || step % 10 == 0 || step == steps) {
                                System.out.printf(
                                        Locale.ROOT,
                                        "%s %d/%d loss %.4f %.2f s/step elapsed %.0f s%n",
                                        stage,
                                        step,
                                        steps,
                                        loss,
                                        sec / step,
                                        sec);
                            }
                        });
        System.out.println("done: " + card.sha256());
    }
}
