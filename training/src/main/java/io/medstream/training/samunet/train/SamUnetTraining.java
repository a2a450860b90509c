package io.medstream.training.samunet.train;

import ai.djl.ndarray.NDManager;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.WeightExporter;
import io.medstream.models.samunet.WeightImporter;
import io.medstream.models.samunet.inference.SamUnetPredictor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sam train} procedure: stage 1 (ViT-only) then stage 2 (SAM-UNet, frozen ViT, or a
 * ViT-only continuation for the ablation), checkpoints as safetensors + {@code model.json}.
 *
 * <p>Layout of {@code out}: {@code model.json} + {@code samunet_<variant>.safetensors} (final),
 * {@code stage1/} (end of stage 1), {@code checkpoint/} (latest periodic checkpoint, overwritten).
 *
 * <p>Also runnable as a plain main class for background runs: {@code java ...
 * io.medstream.training.samunet.train.SamUnetTraining --variant tiny --out DIR [options]}.
 */
public final class SamUnetTraining {

    /**
     * Everything a run depends on.
     *
     * @param variant model variant
     * @param out output folder
     * @param init checkpoint folder to start from (stage 1 is then usually 0 steps), or null
     * @param seed engine seed for the parameter initialisation
     * @param dataSeed phantom seed of the training images
     * @param stage1Steps ViT-only steps
     * @param stage2Steps steps of stage 2
     * @param stage2Fusion stage 2 trains SAM-UNet (true) or continues ViT-only (false, ablation)
     * @param lr1 stage-1 learning rate
     * @param lr2 stage-2 learning rate
     * @param options batch composition
     * @param checkpointEvery periodic checkpoint interval in steps (0 = none)
     * @param command command line recorded in the card
     */
    public record Request(
            SamUnetVariant variant,
            Path out,
            Path init,
            long seed,
            long dataSeed,
            int stage1Steps,
            int stage2Steps,
            boolean stage2Fusion,
            float lr1,
            float lr2,
            SamUnetTrainer.Options options,
            int checkpointEvery,
            String command) {}

    private SamUnetTraining() {}

    /** Runs the request and returns the final card. */
    public static SamUnetModelCard run(Request r, SamUnetTrainer.Progress progress)
            throws Exception {
        Files.createDirectories(r.out());
        List<Map<String, Object>> stages = new ArrayList<>();
        boolean fusion;
        long nextIndex;
        try (NDManager manager = NDManager.newBaseManager()) {
            SamUnetBlock block;
            if (r.init() != null) {
                SamUnetModelCard initCard =
                        SamUnetModelCard.read(r.init().resolve(SamUnetModelCard.FILE_NAME));
                if (!initCard.variant().equals(r.variant().registryName())) {
                    throw new IllegalArgumentException(
                            "--init is a "
                                    + initCard.variant()
                                    + " model, not "
                                    + r.variant().registryName());
                }
                block = SamUnetPredictor.initialise(r.variant(), manager, initCard.initSeed());
                WeightImporter.importFile(block, r.init().resolve(initCard.weights()));
                stages.addAll(initCard.stages());
                fusion = !initCard.vitOnly();
                nextIndex = lastIndex(initCard) + 1;
                if (initCard.stages().stream()
                        .anyMatch(
                                s ->
                                        ((Number) s.getOrDefault("dataSeed", r.dataSeed()))
                                                        .longValue()
                                                != r.dataSeed())) {
                    throw new IllegalArgumentException(
                            "--data-seed differs from the --init model's");
                }
            } else {
                block = SamUnetPredictor.initialise(r.variant(), manager, r.seed());
                fusion = false;
                nextIndex = 0;
            }
            SamUnetTrainer trainer = new SamUnetTrainer(block, manager, r.options());
            long initSeed =
                    r.init() != null
                            ? SamUnetModelCard.read(r.init().resolve(SamUnetModelCard.FILE_NAME))
                                    .initSeed()
                            : r.seed();
            int b = r.options().imagesPerStep();
            if (r.stage1Steps() > 0) {
                var st =
                        new SamUnetTrainer.Stage(
                                "stage1_vit_only",
                                false,
                                r.stage1Steps(),
                                r.lr1(),
                                r.dataSeed(),
                                nextIndex);
                Map<String, Object> summary =
                        trainer.run(
                                st,
                                fusion,
                                progress,
                                r.checkpointEvery(),
                                (s, done) ->
                                        save(
                                                block,
                                                r,
                                                initSeed,
                                                withPartial(stages, s, done, b),
                                                false,
                                                r.out().resolve("checkpoint")));
                stages.add(summary);
                fusion = false;
                nextIndex += (long) r.stage1Steps() * b;
                save(block, r, initSeed, stages, false, r.out().resolve("stage1"));
            }
            if (r.stage2Steps() > 0) {
                String name = r.stage2Fusion() ? "stage2_sam_unet" : "stage2_vit_only_continued";
                var st =
                        new SamUnetTrainer.Stage(
                                name,
                                r.stage2Fusion(),
                                r.stage2Steps(),
                                r.lr2(),
                                r.dataSeed(),
                                nextIndex);
                final boolean prev = fusion;
                Map<String, Object> summary =
                        trainer.run(
                                st,
                                prev,
                                progress,
                                r.checkpointEvery(),
                                (s, done) ->
                                        save(
                                                block,
                                                r,
                                                initSeed,
                                                withPartial(stages, s, done, b),
                                                r.stage2Fusion(),
                                                r.out().resolve("checkpoint")));
                stages.add(summary);
                fusion = r.stage2Fusion();
            }
            return save(block, r, initSeed, stages, fusion, r.out());
        }
    }

    private static List<Map<String, Object>> withPartial(
            List<Map<String, Object>> done, SamUnetTrainer.Stage s, int steps, int b) {
        List<Map<String, Object>> out = new ArrayList<>(done);
        out.add(
                SamUnetModelCard.stage(
                        "name",
                        s.name() + "_partial",
                        "mode",
                        s.fusion() ? "sam_unet" : "vit_only",
                        "steps",
                        steps,
                        "lr",
                        s.lr(),
                        "dataSeed",
                        s.dataSeed(),
                        "firstIndex",
                        s.firstIndex(),
                        "lastIndex",
                        s.firstIndex() + (long) steps * b - 1));
        return out;
    }

    private static long lastIndex(SamUnetModelCard card) {
        long last = -1;
        for (Map<String, Object> s : card.stages()) {
            Object v = s.get("lastIndex");
            if (v instanceof Number n) {
                last = Math.max(last, n.longValue());
            }
        }
        return last;
    }

    /** Writes weights + card into {@code dir}. */
    static SamUnetModelCard save(
            SamUnetBlock block,
            Request r,
            long initSeed,
            List<Map<String, Object>> stages,
            boolean fusion,
            Path dir)
            throws IOException {
        Files.createDirectories(dir);
        String weights = "samunet_" + r.variant().registryName() + ".safetensors";
        Path file = dir.resolve(weights);
        WeightExporter.exportFile(block, file);
        SamUnetModelCard card =
                new SamUnetModelCard(
                        r.variant().registryName(),
                        fusion ? SamUnetModelCard.MODE_SAM_UNET : SamUnetModelCard.MODE_VIT_ONLY,
                        weights,
                        SamUnetModelCard.sha256(file),
                        initSeed,
                        List.copyOf(stages),
                        new LinkedHashMap<>(),
                        r.command(),
                        Instant.now().toString());
        card.write(dir.resolve(SamUnetModelCard.FILE_NAME));
        return card;
    }
}
