package io.medstream.models.report.drafter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Small CNN image encoder shared by the drafter and the scorer (separate weights each).
 *
 * <p>(B, 2, 64, 64) → 4 × [3×3 conv, stride 2, padding 1, ReLU] with 32, 64, 96, {@code channels}
 * filters → (B, channels, 4, 4) → (B, 16, channels): 16 visual tokens, one per 16×16-pixel cell,
 * row-major.
 */
public final class ConvImageEncoder extends AbstractBlock {

    public static final int TOKENS = 16;
    private final int channels;
    private final Conv2d[] convs;

    public ConvImageEncoder(int channels) {
        super((byte) 1);
        this.channels = channels;
        int[] filters = {32, 64, 96, channels};
        convs = new Conv2d[filters.length];
        for (int i = 0; i < filters.length; i++) {
            convs[i] =
                    addChildBlock(
                            "conv" + i,
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optStride(new Shape(2, 2))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(filters[i])
                                    .build());
        }
    }

    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (Conv2d c : convs) {
            x = Activation.relu(c.forward(ps, new NDList(x), training).singletonOrThrow());
        }
        long b = x.getShape().get(0);
        // (B, C, 4, 4) → (B, C, 16) → (B, 16, C): tokens along axis 1
        return new NDList(x.reshape(b, channels, TOKENS).transpose(0, 2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), TOKENS, channels)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (Conv2d c : convs) {
            c.initialize(manager, dataType, s);
            s = c.getOutputShapes(new Shape[] {s})[0];
        }
    }
}
