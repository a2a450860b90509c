package io.medstream.models.samunet;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.prompt.Prompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DJL {@code Model.save} → {@code Model.load} into a fresh tiny block gives identical logits. */
class ModelSaveLoadTest {

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        Shape image = new Shape(1, 3, 256, 256);
        Shape coords = new Shape(1, 2, 2);
        Shape labels = new Shape(1, 2);
        try (Model saved = Model.newInstance("samunet-tiny");
                Model loaded = Model.newInstance("samunet-tiny")) {
            saved.getNDManager().getEngine().setRandomSeed(5);
            SamUnetBlock a = SamUnetBlock.forVariant(SamUnetVariant.TINY);
            saved.setBlock(a);
            a.initialize(saved.getNDManager(), DataType.FLOAT32, image, coords, labels);
            NDManager m = saved.getNDManager();
            NDArray x = m.randomNormal(image);
            NDList box = Prompts.boxes(m, new float[][] {{20, 30, 120, 160}});
            NDArray expected =
                    a.forward(
                                    new ParameterStore(m, false),
                                    new NDList(x, box.get(0), box.get(1)),
                                    false)
                            .singletonOrThrow();
            saved.save(dir, "samunet-tiny");

            SamUnetBlock b = SamUnetBlock.forVariant(SamUnetVariant.TINY);
            loaded.setBlock(b);
            b.initialize(loaded.getNDManager(), DataType.FLOAT32, image, coords, labels);
            NDManager lm = loaded.getNDManager();
            NDList input = new NDList(x, box.get(0), box.get(1));
            // freshly initialised weights differ, so the final comparison can fail
            NDArray before =
                    b.forward(new ParameterStore(lm, false), input, false).singletonOrThrow();
            assertThat(before.sub(expected).abs().max().getFloat()).isGreaterThan(1e-3f);

            loaded.load(dir, "samunet-tiny");
            NDArray actual =
                    b.forward(new ParameterStore(lm, false), input, false).singletonOrThrow();
            assertThat(actual.sub(expected).abs().max().getFloat()).isEqualTo(0f);
        }
    }
}
