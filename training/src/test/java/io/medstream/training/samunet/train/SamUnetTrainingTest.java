package io.medstream.training.samunet.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two tiny stages of two steps each: what moves, what stays frozen, what gets written. */
class SamUnetTrainingTest {

    @TempDir Path dir;

    @Test
    void stagesTrainTheRightParametersAndWriteAReloadableCheckpoint() throws Exception {
        SamUnetTrainer.Options opts = new SamUnetTrainer.Options(1, 2, 0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetPredictor.initialise(SamUnetVariant.TINY, m, 4);
            SamUnetTrainer trainer = new SamUnetTrainer(block, m, opts);
            Map<String, float[]> start = snapshot(block);
            List<Float> losses = new ArrayList<>();
            Map<String, Object> s1 =
                    trainer.run(
                            new SamUnetTrainer.Stage("s1", false, 2, 1e-3f, 1000, 0),
                            false,
                            (st, step, steps, loss, sec) -> losses.add(loss),
                            0,
                            null);
            assertThat(losses).hasSize(2).allMatch(Float::isFinite);
            assertThat(s1.get("steps")).isEqualTo(2);
            Map<String, float[]> afterS1 = snapshot(block);
            String vitPatch = key(block, "ImageEncoderVitBlock", "PatchEmbed");
            String resnet = key(block, "ResNetBranchBlock", "weight");
            String decoder = key(block, "MedMaskDecoderBlock", "weight");
            assertThat(afterS1.get(vitPatch)).isNotEqualTo(start.get(vitPatch));
            assertThat(afterS1.get(decoder)).isNotEqualTo(start.get(decoder));
            assertThat(afterS1.get(resnet)).isEqualTo(start.get(resnet));

            trainer.run(
                    new SamUnetTrainer.Stage("s2", true, 2, 1e-3f, 1000, 2), false, null, 0, null);
            Map<String, float[]> afterS2 = snapshot(block);
            assertThat(afterS2.get(vitPatch)).isEqualTo(afterS1.get(vitPatch));
            assertThat(afterS2.get(resnet)).isNotEqualTo(afterS1.get(resnet));
            assertThat(block.getImageEncoder().isFusionEnabled()).isTrue();
        }

        // the procedure: card, sha256, reload gives a model in the recorded mode
        SamUnetTraining.Request r =
                new SamUnetTraining.Request(
                        SamUnetVariant.TINY,
                        dir,
                        null,
                        4,
                        1000,
                        1,
                        0,
                        true,
                        1e-3f,
                        1e-3f,
                        opts,
                        0,
                        "test");
        SamUnetModelCard card = SamUnetTraining.run(r, null);
        assertThat(card.mode()).isEqualTo(SamUnetModelCard.MODE_VIT_ONLY);
        assertThat(card.stages()).hasSize(1);
        assertThat(card.stages().get(0).get("lastIndex")).isEqualTo(0L);
        Path weights = dir.resolve(card.weights());
        assertThat(SamUnetModelCard.sha256(weights)).isEqualTo(card.sha256());
        assertThat(Files.exists(dir.resolve("stage1").resolve(SamUnetModelCard.FILE_NAME)))
                .isTrue();
        try (SamUnetPredictor loaded =
                SamUnetPredictor.load(SamUnetPredictor.Options.checkpoint(dir))) {
            assertThat(loaded.block().getImageEncoder().isFusionEnabled()).isFalse();
            assertThat(loaded.card().initSeed()).isEqualTo(4);
        }
    }

    private static String key(SamUnetBlock block, String... parts) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            boolean all = true;
            for (String part : parts) {
                all &= p.getKey().contains(part);
            }
            if (all && p.getValue().getType() == Parameter.Type.WEIGHT) {
                return p.getKey();
            }
        }
        throw new IllegalStateException("no parameter with " + String.join(",", parts));
    }

    private static Map<String, float[]> snapshot(SamUnetBlock block) {
        Map<String, float[]> out = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
