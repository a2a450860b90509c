package io.medstream.models.samunet.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * SAM's {@code PositionEmbeddingRandom}: random Fourier features of normalised (x, y) coordinates.
 *
 * <p>{@code pe(c) = concat(sin(2π·(2c−1)·G), cos(2π·(2c−1)·G))} with G the {@code [2,F]} buffer
 * {@code positional_encoding_gaussian_matrix}. G is random at construction and <b>must</b> be
 * loaded from the checkpoint; it is a non-trainable parameter ({@code requiresGrad=false}) named
 * {@code gaussianMatrix}.
 *
 * <p>Forward: coords {@code [..., 2]} in [0,1] (x, y) → {@code [..., 2F]}.
 */
public final class RandomPositionEmbeddingBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numFeatures;
    private final Parameter gaussian;

    private RandomPositionEmbeddingBlock(Builder builder) {
        super(VERSION);
        numFeatures = builder.numFeatures;
        gaussian =
                addParameter(
                        Parameter.builder()
                                .setName("gaussianMatrix")
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(2, numFeatures))
                                .optInitializer(new NormalInitializer(1f))
                                .optRequiresGrad(false)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Encodes coordinates already normalised to [0,1]: {@code [..., 2]} → {@code [..., 2F]}. */
    public NDArray encode(ParameterStore ps, NDArray coords01, boolean training) {
        NDArray g = ps.getValue(gaussian, coords01.getDevice(), training);
        // [..., 2] → [-1,1] → @ [2,F] → [..., F] → ×2π
        NDArray c = coords01.mul(2).sub(1).matMul(g).mul(2 * Math.PI);
        // [..., 2F]
        return NDArrays.concat(new NDList(c.sin(), c.cos()), -1);
    }

    /**
     * Dense positional encoding of a {@code grid×grid} map using cell centres {@code (i+0.5)/grid}:
     * {@code [1, 2F, grid, grid]}. Constant for given weights; callers may cache it.
     */
    public NDArray densePe(ParameterStore ps, NDManager manager, int grid, boolean training) {
        float[] xy = new float[grid * grid * 2];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                xy[(i * grid + j) * 2] = (j + 0.5f) / grid; // x varies along the width
                xy[(i * grid + j) * 2 + 1] = (i + 0.5f) / grid; // y along the height
            }
        }
        // [G,G,2] → [G,G,2F] → [2F,G,G] → [1,2F,G,G]
        NDArray coords = manager.create(xy, new Shape(grid, grid, 2));
        return encode(ps, coords, training).transpose(2, 0, 1).expandDims(0);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(encode(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] dims = inputShapes[0].getShape().clone();
        dims[dims.length - 1] = 2L * numFeatures;
        return new Shape[] {new Shape(dims)};
    }

    /** Builder: {@code setNumFeatures} (F = embed dim / 2, 128 for SAM) is required. */
    public static final class Builder {
        private int numFeatures = -1;

        public Builder setNumFeatures(int numFeatures) {
            this.numFeatures = numFeatures;
            return this;
        }

        public RandomPositionEmbeddingBlock build() {
            if (numFeatures <= 0) {
                throw new IllegalArgumentException("RandomPositionEmbeddingBlock: setNumFeatures");
            }
            return new RandomPositionEmbeddingBlock(this);
        }
    }
}
