package io.medstream.models.samunet.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * SAM's {@code LayerNorm2d}: a LayerNorm over the channel axis of an NCHW tensor, applied per pixel
 * (biased variance, affine). DJL has no such block.
 *
 * <p>Input {@code [N,C,H,W]} → output {@code [N,C,H,W]}. Parameters {@code weight [C]} (ones) and
 * {@code bias [C]} (zeros), named as in PyTorch.
 */
public final class LayerNorm2dBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final float epsilon;
    private final Parameter weight;
    private final Parameter bias;

    private LayerNorm2dBlock(Builder builder) {
        super(VERSION);
        channels = builder.channels;
        epsilon = builder.epsilon;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.GAMMA)
                                .optShape(new Shape(channels))
                                .optInitializer(Initializer.ONES)
                                .build());
        bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BETA)
                                .optShape(new Shape(channels))
                                .optInitializer(Initializer.ZEROS)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Functional form: x {@code [N,C,H,W]}, w and b {@code [C]}. */
    public static NDArray layerNorm2d(NDArray x, NDArray w, NDArray b, float eps) {
        // 1. mean and biased variance over C, kept as [N,1,H,W]
        NDArray mean = x.mean(new int[] {1}, true);
        NDArray centered = x.sub(mean);
        NDArray var = centered.square().mean(new int[] {1}, true);
        // 2. normalise, then per-channel affine ([C] → [1,C,1,1])
        NDArray normed = centered.div(var.add(eps).sqrt());
        long c = w.getShape().get(0);
        return normed.mul(w.reshape(1, c, 1, 1)).add(b.reshape(1, c, 1, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != channels) {
            throw new IllegalArgumentException(
                    "LayerNorm2d expects [N," + channels + ",H,W], got " + x.getShape());
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return new NDList(layerNorm2d(x, w, b, epsilon));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builder: {@code setChannels} required; {@code optEpsilon} defaults to 1e-6 (SAM). */
    public static final class Builder {
        private int channels = -1;
        private float epsilon = 1e-6f;

        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public LayerNorm2dBlock build() {
            if (channels <= 0) {
                throw new IllegalArgumentException("LayerNorm2dBlock: call setChannels(C>0)");
            }
            return new LayerNorm2dBlock(this);
        }
    }
}
