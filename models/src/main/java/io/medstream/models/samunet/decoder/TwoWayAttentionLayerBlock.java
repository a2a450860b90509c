package io.medstream.models.samunet.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.common.MlpBlock;

/**
 * SAM's {@code TwoWayAttentionBlock}: (1) self-attention of sparse tokens, (2) token→image
 * cross-attention, (3) MLP on tokens, (4) image→token cross-attention. LayerNorm eps 1e-5 (PyTorch
 * default). With {@code skipFirstLayerPe} (layer 0) step 1 uses no PE and <b>no residual</b>.
 *
 * <p>Forward: NDList(queries {@code [B,Nq,C]}, keys {@code [B,Nk,C]}, queryPe {@code [B,Nq,C]},
 * keyPe {@code [B,Nk,C]}) → NDList(queries, keys).
 *
 * <p>Children (PyTorch order): 01 self_attn, 02 norm1, 03 cross_attn_token_to_image, 04 norm2, 05
 * mlp, 06 norm3, 07 norm4, 08 cross_attn_image_to_token.
 */
public final class TwoWayAttentionLayerBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final boolean skipFirstLayerPe;
    private final DownsampledAttentionBlock selfAttn;
    private final LayerNorm norm1;
    private final DownsampledAttentionBlock crossTokenToImage;
    private final LayerNorm norm2;
    private final MlpBlock mlp;
    private final LayerNorm norm3;
    private final LayerNorm norm4;
    private final DownsampledAttentionBlock crossImageToToken;

    private TwoWayAttentionLayerBlock(Builder builder) {
        super(VERSION);
        skipFirstLayerPe = builder.skipFirstLayerPe;
        int c = builder.embedDim;
        selfAttn = addChildBlock("DownsampledAttentionBlock", attention(builder, 1));
        norm1 = addChildBlock("LayerNorm", norm());
        crossTokenToImage = addChildBlock("DownsampledAttentionBlock", attention(builder, 2));
        norm2 = addChildBlock("LayerNorm", norm());
        mlp =
                addChildBlock(
                        "MlpBlock",
                        MlpBlock.builder()
                                .setInputDim(c)
                                .setLayerDims(builder.mlpDim, c)
                                .optActivation(MlpBlock.Act.RELU)
                                .build());
        norm3 = addChildBlock("LayerNorm", norm());
        norm4 = addChildBlock("LayerNorm", norm());
        crossImageToToken = addChildBlock("DownsampledAttentionBlock", attention(builder, 2));
    }

    private static DownsampledAttentionBlock attention(Builder b, int rate) {
        return DownsampledAttentionBlock.builder()
                .setEmbedDim(b.embedDim)
                .setNumHeads(b.numHeads)
                .optDownsampleRate(rate)
                .build();
    }

    private static LayerNorm norm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-5f).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static NDArray run(
            AbstractBlock b, ParameterStore ps, boolean training, NDArray... xs) {
        return b.forward(ps, new NDList(xs), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray queries = inputs.get(0);
        NDArray keys = inputs.get(1);
        NDArray queryPe = inputs.get(2);
        NDArray keyPe = inputs.get(3);
        // 1. self-attention on tokens [B,Nq,C]
        if (skipFirstLayerPe) {
            queries = run(selfAttn, ps, training, queries, queries, queries);
        } else {
            NDArray q = queries.add(queryPe);
            queries = queries.add(run(selfAttn, ps, training, q, q, queries));
        }
        queries = run(norm1, ps, training, queries);
        // 2. tokens attend to image: q [B,Nq,C], k/v [B,Nk,C]
        NDArray q = queries.add(queryPe);
        NDArray k = keys.add(keyPe);
        queries = queries.add(run(crossTokenToImage, ps, training, q, k, keys));
        queries = run(norm2, ps, training, queries);
        // 3. MLP on tokens
        queries = queries.add(run(mlp, ps, training, queries));
        queries = run(norm3, ps, training, queries);
        // 4. image attends to tokens: q = image [B,Nk,C], k/v = tokens [B,Nq,C]
        q = queries.add(queryPe);
        k = keys.add(keyPe);
        keys = keys.add(run(crossImageToToken, ps, training, k, q, queries));
        keys = run(norm4, ps, training, keys);
        return new NDList(queries, keys);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape qs = shapes[0];
        Shape ks = shapes[1];
        selfAttn.initialize(manager, dataType, qs, qs, qs);
        norm1.initialize(manager, dataType, qs);
        crossTokenToImage.initialize(manager, dataType, qs, ks, ks);
        norm2.initialize(manager, dataType, qs);
        mlp.initialize(manager, dataType, qs);
        norm3.initialize(manager, dataType, qs);
        norm4.initialize(manager, dataType, ks);
        crossImageToToken.initialize(manager, dataType, ks, qs, qs);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[1]};
    }

    /**
     * Builder: {@code setEmbedDim}, {@code setNumHeads}, {@code setMlpDim} required; {@code
     * optSkipFirstLayerPe} (false). Cross-attention always downsamples by 2.
     */
    public static final class Builder {
        private int embedDim = -1;
        private int numHeads = -1;
        private int mlpDim = -1;
        private boolean skipFirstLayerPe;

        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        public Builder setMlpDim(int mlpDim) {
            this.mlpDim = mlpDim;
            return this;
        }

        public Builder optSkipFirstLayerPe(boolean skipFirstLayerPe) {
            this.skipFirstLayerPe = skipFirstLayerPe;
            return this;
        }

        public TwoWayAttentionLayerBlock build() {
            if (embedDim <= 0 || numHeads <= 0 || mlpDim <= 0) {
                throw new IllegalArgumentException(
                        "TwoWayAttentionLayerBlock: set embedDim, numHeads, mlpDim");
            }
            return new TwoWayAttentionLayerBlock(this);
        }
    }
}
