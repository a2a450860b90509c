package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * SAM-UNet's ResNet branch (torchvision ResNet-34/50 without avgpool and fc).
 *
 * <p>{@code stage0} = conv 7×7 s2 p3 (no bias) + BN + ReLU + maxpool 3×3 s2 p1; {@code stage1..4} =
 * {@code layer1..4}. Input {@code [B,3,256,256]} → taps f1..f4 (R34: {@code [B,64,64,64]}, {@code
 * [B,128,32,32]}, {@code [B,256,16,16]}, {@code [B,512,8,8]}; R50: ×4 channels).
 *
 * <p>Children: {@code 01SequentialBlock} (stage0: 01Conv2d, 02BatchNorm, 03 ReLU, 04 maxpool), then
 * {@code 02..05SequentialBlock} (stages 1..4, one {@link ResNetUnitBlock} per unit).
 */
public final class ResNetBranchBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock stage0;
    private final List<SequentialBlock> stages = new ArrayList<>();

    private ResNetBranchBlock(Builder builder) {
        super(VERSION);
        stage0 =
                addChildBlock(
                        "SequentialBlock",
                        new SequentialBlock()
                                .add(ResNetUnitBlock.conv(builder.stem, 7, 2, 3))
                                .add(ResNetUnitBlock.bn())
                                .add(Activation.reluBlock())
                                .add(
                                        Pool.maxPool2dBlock(
                                                new Shape(3, 3),
                                                new Shape(2, 2),
                                                new Shape(1, 1))));
        int in = builder.stem;
        for (int s = 0; s < 4; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int u = 0; u < builder.blocks[s]; u++) {
                ResNetUnitBlock unit =
                        ResNetUnitBlock.builder()
                                .setInChannels(in)
                                .setWidth(builder.widths[s])
                                .optStride(u == 0 && s > 0 ? 2 : 1)
                                .optBottleneck(builder.bottleneck)
                                .build();
                stage.add(unit);
                in = builder.widths[s] * (builder.bottleneck ? 4 : 1);
            }
            stages.add(addChildBlock("SequentialBlock", stage));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Image {@code [B,3,H,W]} → NDList(f1, f2, f3, f4). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // stage0: [B,3,H,W] → [B,stem,H/4,W/4]
        NDList x = stage0.forward(ps, inputs, training);
        NDList taps = new NDList(4);
        for (SequentialBlock stage : stages) {
            // stage k: f_k (stride 1 for k=1, 2 afterwards)
            x = stage.forward(ps, x, training);
            taps.add(x.singletonOrThrow());
        }
        return taps;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape s = shapes[0];
        stage0.initialize(manager, dataType, s);
        s = stage0.getOutputShapes(new Shape[] {s})[0];
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, s);
            s = stage.getOutputShapes(new Shape[] {s})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = stage0.getOutputShapes(inputShapes)[0];
        Shape[] out = new Shape[4];
        for (int i = 0; i < 4; i++) {
            s = stages.get(i).getOutputShapes(new Shape[] {s})[0];
            out[i] = s;
        }
        return out;
    }

    /** Taps as NDArrays, for callers outside a {@code forward}. */
    public List<NDArray> taps(ParameterStore ps, NDArray image, boolean training) {
        return forward(ps, new NDList(image), training);
    }

    /**
     * Builder: {@code setStem}, {@code setWidths}, {@code setBlocks} required; {@code
     * optBottleneck} (false).
     */
    public static final class Builder {
        private int stem = -1;
        private int[] widths;
        private int[] blocks;
        private boolean bottleneck;

        public Builder setStem(int stem) {
            this.stem = stem;
            return this;
        }

        public Builder setWidths(int... widths) {
            this.widths = widths.clone();
            return this;
        }

        public Builder setBlocks(int... blocks) {
            this.blocks = blocks.clone();
            return this;
        }

        public Builder optBottleneck(boolean bottleneck) {
            this.bottleneck = bottleneck;
            return this;
        }

        public ResNetBranchBlock build() {
            if (stem <= 0
                    || widths == null
                    || widths.length != 4
                    || blocks == null
                    || blocks.length != 4) {
                throw new IllegalArgumentException(
                        "ResNetBranchBlock: set stem, 4 stage widths and 4 block counts");
            }
            return new ResNetBranchBlock(this);
        }
    }
}
