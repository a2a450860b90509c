package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.common.Blocks;
import io.medstream.models.samunet.common.LayerNorm2dBlock;
import io.medstream.models.samunet.common.UpsampleConv2x2Block;

import java.util.ArrayList;
import java.util.List;

/**
 * SAM-UNet's {@code Reshaper} ({@code adapters_in.k.reshaper}): maps ResNet tap f(k+1) to the ViT
 * grid, {@code [B,C,S,S]} → {@code [B,E,G,G]} (NCHW; the encoder permutes to channels-last and adds
 * it to the tokens before global layer k). All convs have bias; LN2d eps 1e-6; exact GELU.
 *
 * <p>Children are numbered like the PyTorch {@code ModuleList} (GELU layers included, so DJL child
 * {@code i+1} is PyTorch index {@code i}):
 *
 * <ul>
 *   <li>tap 1 (S = 4G): Conv3×3 s2 C→2C, LN2d, GELU, Conv3×3 s2 2C→4C, LN2d, GELU, Conv1×1 4C→E
 *   <li>tap 2 (S = 2G): Conv3×3 s2 C→2C, LN2d, GELU, Conv1×1 2C→E
 *   <li>tap 3 (S = G): Conv1×1 C→E
 *   <li>tap 4 (S = G/2): ConvT k2s2 C→C/2 ({@link UpsampleConv2x2Block}), LN2d, GELU, Conv1×1 C/2→E
 * </ul>
 */
public final class FusionAdapterBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int tap;
    private final List<Block> layers = new ArrayList<>();

    private FusionAdapterBlock(int tap, int inChannels, int embedDim) {
        super(VERSION);
        this.tap = tap;
        int c = inChannels;
        switch (tap) {
            case 1:
                add(conv(2 * c, 3, 2, 1));
                add(ln(2 * c));
                add(Activation.geluBlock());
                add(conv(4 * c, 3, 2, 1));
                add(ln(4 * c));
                add(Activation.geluBlock());
                add(conv(embedDim, 1, 1, 0));
                break;
            case 2:
                add(conv(2 * c, 3, 2, 1));
                add(ln(2 * c));
                add(Activation.geluBlock());
                add(conv(embedDim, 1, 1, 0));
                break;
            case 3:
                add(conv(embedDim, 1, 1, 0));
                break;
            case 4:
                add(UpsampleConv2x2Block.builder().setInChannels(c).setOutChannels(c / 2).build());
                add(ln(c / 2));
                add(Activation.geluBlock());
                add(conv(embedDim, 1, 1, 0));
                break;
            default:
                throw new IllegalArgumentException("ResNet tap must be 1..4, got " + tap);
        }
    }

    /**
     * Builds the adapter for ResNet tap {@code tap} (1..4).
     *
     * @param inChannels channels of that tap (R34: 64/128/256/512; R50: 256/512/1024/2048)
     * @param embedDim ViT width E (768)
     */
    public static FusionAdapterBlock forTap(int tap, int inChannels, int embedDim) {
        return new FusionAdapterBlock(tap, inChannels, embedDim);
    }

    private void add(Block b) {
        layers.add(addChildBlock(b.getClass().getSimpleName(), b));
    }

    private static Conv2d conv(int filters, int k, int stride, int pad) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .setFilters(filters)
                .optBias(true)
                .build();
    }

    private static LayerNorm2dBlock ln(int c) {
        return LayerNorm2dBlock.builder().setChannels(c).build();
    }

    /** Which ResNet tap (1..4) this adapter consumes. */
    public int getTap() {
        return tap;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // layers in ModuleList order: [B,C,S,S] → [B,E,G,G]
        return Blocks.forwardChain(ps, inputs, training, layers);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Blocks.initChain(manager, dataType, shapes[0], layers);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Blocks.chainShape(inputShapes[0], layers)};
    }
}
