package io.medstream.models.samunet.common;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.List;

/** Small helpers shared by the SAM-UNet blocks: chained initialisation and forward. */
public final class Blocks {

    private Blocks() {}

    /**
     * Initialises {@code blocks} one after the other, feeding each the previous output shape.
     *
     * @return the output shape of the last block
     */
    public static Shape initChain(
            NDManager manager, DataType dataType, Shape input, List<? extends Block> blocks) {
        Shape s = input;
        for (Block b : blocks) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return s;
    }

    /** Output shape of {@code blocks} applied in order to {@code input}. */
    public static Shape chainShape(Shape input, List<? extends Block> blocks) {
        Shape s = input;
        for (Block b : blocks) {
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return s;
    }

    /** Runs {@code blocks} in order on a single-array list. */
    public static NDList forwardChain(
            ParameterStore ps, NDList x, boolean training, List<? extends Block> blocks) {
        NDList y = x;
        for (Block b : blocks) {
            y = b.forward(ps, y, training);
        }
        return y;
    }
}
