package io.medstream.models.samunet.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link Linear} layers with an activation between consecutive layers (none after the
 * last). Covers SAM's {@code MLPBlock} (lin1 → act → lin2: two layers) and the mask decoder's
 * {@code MLP} ({@code hf_mlp}: three layers with ReLU).
 *
 * <p>Input {@code [..., Din]} → output {@code [..., Dout]}. Children are {@code 01Linear}, {@code
 * 02Linear}, … in PyTorch order ({@code lin1, lin2} or {@code layers.0, layers.1, …}).
 */
public final class MlpBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Activation between layers. */
    public enum Act {
        /** Exact (erf) GELU, as libtorch's default. */
        GELU,
        RELU
    }

    private final int inputDim;
    private final int[] layerDims;
    private final Act act;
    private final List<Linear> layers = new ArrayList<>();

    private MlpBlock(Builder builder) {
        super(VERSION);
        inputDim = builder.inputDim;
        layerDims = builder.layerDims.clone();
        act = builder.act;
        for (int d : layerDims) {
            layers.add(addChildBlock("Linear", Linear.builder().setUnits(d).optBias(true).build()));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < layers.size(); i++) {
            // linear [..., d_i] → [..., d_{i+1}], activation on all but the last layer
            x = layers.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            if (i < layers.size() - 1) {
                x = act == Act.GELU ? Activation.gelu(x) : Activation.relu(x);
            }
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape s = shapes[0];
        for (Block layer : layers) {
            layer.initialize(manager, dataType, s);
            s = layer.getOutputShapes(new Shape[] {s})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long[] dims = s.getShape().clone();
        dims[dims.length - 1] = layerDims[layerDims.length - 1];
        return new Shape[] {new Shape(dims)};
    }

    /** Input width this MLP was built for. */
    public int getInputDim() {
        return inputDim;
    }

    /**
     * Builder: {@code setInputDim} and {@code setLayerDims} (output width of each Linear, in order)
     * are required; {@code optActivation} defaults to ReLU.
     */
    public static final class Builder {
        private int inputDim = -1;
        private int[] layerDims;
        private Act act = Act.RELU;

        public Builder setInputDim(int inputDim) {
            this.inputDim = inputDim;
            return this;
        }

        public Builder setLayerDims(int... layerDims) {
            this.layerDims = layerDims.clone();
            return this;
        }

        public Builder optActivation(Act act) {
            this.act = act;
            return this;
        }

        public MlpBlock build() {
            if (inputDim <= 0 || layerDims == null || layerDims.length == 0) {
                throw new IllegalArgumentException(
                        "MlpBlock: call setInputDim(>0) and setLayerDims(at least one width)");
            }
            return new MlpBlock(this);
        }
    }
}
