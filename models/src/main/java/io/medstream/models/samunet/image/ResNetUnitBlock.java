package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.common.Blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * One torchvision ResNet unit: {@code BasicBlock} (ResNet-34) or {@code Bottleneck} (ResNet-50,
 * v1.5: the stride sits on the 3×3 conv). BatchNorm eps 1e-5; in inference ({@code training=false})
 * DJL's {@link BatchNorm} uses the running statistics, as PyTorch's eval mode does.
 *
 * <p>Input {@code [B,Cin,H,W]} → output {@code [B,Cout,H/s,W/s]} with Cout = width (basic) or
 * 4·width (bottleneck). Children in PyTorch order: conv1, bn1, conv2, bn2, [conv3, bn3],
 * [downsample = SequentialBlock(conv1×1, bn)].
 */
public final class ResNetUnitBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int stride;
    private final List<Block> main = new ArrayList<>();
    private final SequentialBlock downsample;

    private ResNetUnitBlock(Builder builder) {
        super(VERSION);
        stride = builder.stride;
        int w = builder.width;
        if (builder.bottleneck) {
            outChannels = 4 * w;
            main.add(addChildBlock("Conv2d", conv(w, 1, 1, 0)));
            main.add(addChildBlock("BatchNorm", bn()));
            main.add(addChildBlock("Conv2d", conv(w, 3, stride, 1)));
            main.add(addChildBlock("BatchNorm", bn()));
            main.add(addChildBlock("Conv2d", conv(outChannels, 1, 1, 0)));
            main.add(addChildBlock("BatchNorm", bn()));
        } else {
            outChannels = w;
            main.add(addChildBlock("Conv2d", conv(w, 3, stride, 1)));
            main.add(addChildBlock("BatchNorm", bn()));
            main.add(addChildBlock("Conv2d", conv(w, 3, 1, 1)));
            main.add(addChildBlock("BatchNorm", bn()));
        }
        if (stride != 1 || builder.inChannels != outChannels) {
            downsample =
                    addChildBlock(
                            "SequentialBlock",
                            new SequentialBlock().add(conv(outChannels, 1, stride, 0)).add(bn()));
        } else {
            downsample = null;
        }
    }

    static Conv2d conv(int filters, int k, int stride, int pad) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this unit has a projection shortcut. */
    public boolean hasDownsample() {
        return downsample != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = x;
        // 1. conv → bn → relu for every pair; the last pair gets no relu before the sum
        for (int i = 0; i < main.size(); i += 2) {
            y = main.get(i).forward(ps, new NDList(y), training).singletonOrThrow();
            y = main.get(i + 1).forward(ps, new NDList(y), training).singletonOrThrow();
            if (i + 2 < main.size()) {
                y = Activation.relu(y);
            }
        }
        // 2. shortcut (projected when stride or width changes): [B,Cout,H/s,W/s]
        NDArray identity =
                downsample == null
                        ? x
                        : downsample.forward(ps, inputs, training).singletonOrThrow();
        // 3. relu(y + identity)
        return new NDList(Activation.relu(y.add(identity)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Blocks.initChain(manager, dataType, shapes[0], main);
        if (downsample != null) {
            downsample.initialize(manager, dataType, shapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) - 1) / stride + 1;
        long w = (s.get(3) - 1) / stride + 1;
        return new Shape[] {new Shape(s.get(0), outChannels, h, w)};
    }

    /**
     * Builder: {@code setInChannels}, {@code setWidth} required; {@code optStride} (1), {@code
     * optBottleneck} (false = basic block).
     */
    public static final class Builder {
        private int inChannels = -1;
        private int width = -1;
        private int stride = 1;
        private boolean bottleneck;

        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        public Builder optBottleneck(boolean bottleneck) {
            this.bottleneck = bottleneck;
            return this;
        }

        public ResNetUnitBlock build() {
            if (inChannels <= 0 || width <= 0 || stride <= 0) {
                throw new IllegalArgumentException("ResNetUnitBlock: set inChannels and width");
            }
            return new ResNetUnitBlock(this);
        }
    }
}
