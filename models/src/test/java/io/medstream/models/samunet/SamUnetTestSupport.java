package io.medstream.models.samunet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;

/** Shared helpers for the SAM-UNet tests. */
final class SamUnetTestSupport {

    private SamUnetTestSupport() {}

    /** Initialises with zeros everywhere (fast: no random draws), B = 1, one box prompt. */
    static SamUnetBlock initZeros(SamUnetVariant variant, NDManager manager) {
        SamUnetBlock block = SamUnetBlock.forVariant(variant);
        for (Parameter.Type t : Parameter.Type.values()) {
            block.setInitializer(Initializer.ZEROS, t);
        }
        block.initialize(
                manager,
                DataType.FLOAT32,
                imageShape(variant),
                new Shape(1, 2, 2),
                new Shape(1, 2));
        return block;
    }

    /** Initialises with the blocks' own initialisers (random), B = 1, one box prompt. */
    static SamUnetBlock initRandom(SamUnetVariant variant, NDManager manager) {
        SamUnetBlock block = SamUnetBlock.forVariant(variant);
        block.initialize(
                manager,
                DataType.FLOAT32,
                imageShape(variant),
                new Shape(1, 2, 2),
                new Shape(1, 2));
        return block;
    }

    static Shape imageShape(SamUnetVariant variant) {
        int s = variant.config().imageSize();
        return new Shape(1, 3, s, s);
    }

    /**
     * Learnable parameter count as PyTorch's {@code model.parameters()} gives it: BatchNorm running
     * statistics and non-trainable buffers (the prompt encoder's Gaussian matrix) are excluded.
     */
    static long learnableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            n += p.getValue().getArray().size();
        }
        return n;
    }
}
