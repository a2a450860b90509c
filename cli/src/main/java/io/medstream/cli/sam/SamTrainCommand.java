package io.medstream.cli.sam;

import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.training.samunet.train.SamUnetTrainer;
import io.medstream.training.samunet.train.SamUnetTraining;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream sam train --variant tiny --out DIR}: two-stage training on phantoms (stage 1
 * ViT-only, stage 2 SAM-UNet with the ViT frozen), deterministic for given seeds, with a progress
 * bar. Set {@code OMP_NUM_THREADS=1} on a shared CPU (see docs/MODELS.md).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train SAM-UNet on phantoms (stage 1 ViT-only, stage 2 frozen ViT + ResNet branch).")
public final class SamTrainCommand implements Callable<Integer> {

    @Option(
            names = "--variant",
            defaultValue = "tiny",
            description = "Variant (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--init", description = "Start from this checkpoint folder.")
    Path init;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--data-seed",
            defaultValue = "1000",
            description = "Phantom seed of the training images (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(
            names = "--stage1-steps",
            defaultValue = "1200",
            description = "ViT-only steps (default: ${DEFAULT-VALUE}).")
    int stage1Steps;

    @Option(
            names = "--stage2-steps",
            defaultValue = "1200",
            description = "Stage-2 steps (default: ${DEFAULT-VALUE}).")
    int stage2Steps;

    @Option(
            names = "--stage2-mode",
            defaultValue = "sam_unet",
            description =
                    "sam_unet (freeze ViT, train the ResNet path) or vit_only (ablation: keep training ViT-only).")
    String stage2Mode;

    @Option(
            names = "--images",
            defaultValue = "4",
            description = "Images per step (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(
            names = "--prompts",
            defaultValue = "6",
            description = "Box prompts per image (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Option(
            names = "--lesion-probability",
            defaultValue = "0.4",
            description =
                    "Chance a prompt targets a lesion when the slice has one (default: ${DEFAULT-VALUE}).")
    double lesionProbability;

    @Option(
            names = "--lr1",
            defaultValue = "5e-4",
            description = "Stage-1 Adam lr (default: ${DEFAULT-VALUE}).")
    float lr1;

    @Option(
            names = "--lr2",
            defaultValue = "2e-4",
            description = "Stage-2 Adam lr (default: ${DEFAULT-VALUE}).")
    float lr2;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "100",
            description =
                    "Periodic checkpoint interval in steps, 0 = none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Override
    public Integer call() throws Exception {
        if (!stage2Mode.equals("sam_unet") && !stage2Mode.equals("vit_only")) {
            System.err.println("--stage2-mode must be sam_unet or vit_only");
            return 2;
        }
        String command =
                String.format(
                        Locale.ROOT,
                        "sam train --variant %s --out %s%s --seed %d --data-seed %d --stage1-steps %d --stage2-steps %d"
                                + " --stage2-mode %s --images %d --prompts %d --lesion-probability %s --lr1 %s --lr2 %s",
                        variant,
                        out,
                        init == null ? "" : " --init " + init,
                        seed,
                        dataSeed,
                        stage1Steps,
                        stage2Steps,
                        stage2Mode,
                        images,
                        prompts,
                        lesionProbability,
                        lr1,
                        lr2);
        SamUnetTraining.Request r =
                new SamUnetTraining.Request(
                        SamUnetVariant.fromName(variant),
                        out,
                        init,
                        seed,
                        dataSeed,
                        stage1Steps,
                        stage2Steps,
                        stage2Mode.equals("sam_unet"),
                        lr1,
                        lr2,
                        new SamUnetTrainer.Options(images, prompts, lesionProbability),
                        checkpointEvery,
                        command);
        ProgressBar[] bar = new ProgressBar[1];
        String[] current = new String[1];
        SamUnetModelCard card;
        try {
            card =
                    SamUnetTraining.run(
                            r,
                            (stage, step, steps, loss, sec) -> {
                                if (!stage.equals(current[0])) {
                                    if (bar[0] != null) {
                                        bar[0].close();
                                    }
                                    current[0] = stage;
                                    bar[0] =
                                            new ProgressBarBuilder()
                                                    .setTaskName(stage)
                                                    .setInitialMax(steps)
                                                    .setStyle(ProgressBarStyle.ASCII)
                                                    .build();
                                }
                                bar[0].stepTo(step);
                                bar[0].setExtraMessage(
                                        String.format(Locale.ROOT, "loss %.3f", loss));
                            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        System.out.println(
                "wrote "
                        + out.resolve(SamUnetModelCard.FILE_NAME)
                        + " (sha256 "
                        + card.sha256()
                        + ")");
        return 0;
    }
}
