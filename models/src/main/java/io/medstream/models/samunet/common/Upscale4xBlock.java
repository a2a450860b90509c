package io.medstream.models.samunet.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ConvT k2s2 → LayerNorm2d → GELU → ConvT k2s2 [→ GELU]: the ×4 upscaling stack that SAM-UNet uses
 * three times with the same layer layout (PyTorch indices {@code 0, 1, 3}; 2 and 4 are GELU):
 *
 * <ul>
 *   <li>{@code adapters_bridge.k} (HQ-SAM's {@code compress_vit_feat}): 768 → 256 → 32, no final
 *       GELU;
 *   <li>{@code embedding_encoder}: 256 → 64 → 32, no final GELU;
 *   <li>the mask decoder's {@code output_upscaling}: 256 → 64 → 32, <b>with</b> the final GELU.
 * </ul>
 *
 * <p>One class serves all three (the style guide lists separate Bridge/EmbeddingEncoder classes;
 * the layer stacks are identical, so a single block avoids three copies). Input {@code [N,Cin,H,W]}
 * → output {@code [N,Cout,4H,4W]}. Children: {@code 01UpsampleConv2x2Block} (index 0), {@code
 * 02LayerNorm2dBlock} (index 1), {@code 03UpsampleConv2x2Block} (index 3).
 */
public final class Upscale4xBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final boolean finalGelu;
    private final UpsampleConv2x2Block up1;
    private final LayerNorm2dBlock norm;
    private final UpsampleConv2x2Block up2;

    private Upscale4xBlock(Builder builder) {
        super(VERSION);
        finalGelu = builder.finalGelu;
        up1 =
                addChildBlock(
                        "UpsampleConv2x2Block",
                        UpsampleConv2x2Block.builder()
                                .setInChannels(builder.in)
                                .setOutChannels(builder.mid)
                                .build());
        norm =
                addChildBlock(
                        "LayerNorm2dBlock",
                        LayerNorm2dBlock.builder().setChannels(builder.mid).build());
        up2 =
                addChildBlock(
                        "UpsampleConv2x2Block",
                        UpsampleConv2x2Block.builder()
                                .setInChannels(builder.mid)
                                .setOutChannels(builder.out)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // 1. [N,Cin,H,W] → [N,Cmid,2H,2W]
        NDList x = up1.forward(ps, inputs, training);
        // 2. LayerNorm2d (eps 1e-6) + exact GELU
        x = new NDList(Activation.gelu(norm.forward(ps, x, training).singletonOrThrow()));
        // 3. [N,Cmid,2H,2W] → [N,Cout,4H,4W], optional GELU (mask decoder only)
        NDArray y = up2.forward(ps, x, training).singletonOrThrow();
        return new NDList(finalGelu ? Activation.gelu(y) : y);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape s1 = up1.getOutputShapes(shapes)[0];
        up1.initialize(manager, dataType, shapes[0]);
        norm.initialize(manager, dataType, s1);
        up2.initialize(manager, dataType, s1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return up2.getOutputShapes(up1.getOutputShapes(inputShapes));
    }

    /** Builder: {@code setChannels(in, mid, out)} required; {@code optFinalGelu} defaults false. */
    public static final class Builder {
        private int in = -1;
        private int mid = -1;
        private int out = -1;
        private boolean finalGelu;

        public Builder setChannels(int in, int mid, int out) {
            this.in = in;
            this.mid = mid;
            this.out = out;
            return this;
        }

        public Builder optFinalGelu(boolean finalGelu) {
            this.finalGelu = finalGelu;
            return this;
        }

        public Upscale4xBlock build() {
            if (in <= 0 || mid <= 0 || out <= 0) {
                throw new IllegalArgumentException(
                        "Upscale4xBlock: call setChannels(in, mid, out)");
            }
            return new Upscale4xBlock(this);
        }
    }
}
