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

import java.util.ArrayList;
import java.util.List;

/**
 * SAM's {@code TwoWayTransformer}: {@code depth} two-way layers (layer 0 skips the PE in
 * self-attention), a final token→image attention and a final LayerNorm (eps 1e-5).
 *
 * <p>Forward: NDList(image embedding {@code [B,C,H,W]}, image PE {@code [B,C,H,W]}, point embedding
 * {@code [B,Nq,C]}) → NDList(queries {@code [B,Nq,C]}, keys {@code [B,H·W,C]}). The query PE is the
 * initial token tensor itself.
 *
 * <p>Children: {@code 01..depth TwoWayAttentionLayerBlock}, then {@code DownsampledAttentionBlock}
 * (final_attn_token_to_image) and {@code LayerNorm} (norm_final_attn).
 */
public final class TwoWayTransformerBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embedDim;
    private final List<TwoWayAttentionLayerBlock> layers = new ArrayList<>();
    private final DownsampledAttentionBlock finalAttn;
    private final LayerNorm normFinal;

    private TwoWayTransformerBlock(Builder builder) {
        super(VERSION);
        embedDim = builder.embedDim;
        for (int i = 0; i < builder.depth; i++) {
            layers.add(
                    addChildBlock(
                            "TwoWayAttentionLayerBlock",
                            TwoWayAttentionLayerBlock.builder()
                                    .setEmbedDim(embedDim)
                                    .setNumHeads(builder.numHeads)
                                    .setMlpDim(builder.mlpDim)
                                    .optSkipFirstLayerPe(i == 0)
                                    .build()));
        }
        finalAttn =
                addChildBlock(
                        "DownsampledAttentionBlock",
                        DownsampledAttentionBlock.builder()
                                .setEmbedDim(embedDim)
                                .setNumHeads(builder.numHeads)
                                .optDownsampleRate(2)
                                .build());
        normFinal =
                addChildBlock("LayerNorm", LayerNorm.builder().axis(2).optEpsilon(1e-5f).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** [B,C,H,W] → [B,H·W,C]. */
    private static NDArray flattenTokens(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // 1. image embedding and PE as tokens: [B,H·W,C]
        NDArray keys = flattenTokens(inputs.get(0));
        NDArray keyPe = flattenTokens(inputs.get(1));
        NDArray pointEmbedding = inputs.get(2);
        NDArray queries = pointEmbedding;
        // 2. two-way layers; the query PE is the initial token tensor
        for (TwoWayAttentionLayerBlock layer : layers) {
            NDList out =
                    layer.forward(ps, new NDList(queries, keys, pointEmbedding, keyPe), training);
            queries = out.get(0);
            keys = out.get(1);
        }
        // 3. final token → image attention, residual, LayerNorm
        NDArray q = queries.add(pointEmbedding);
        NDArray k = keys.add(keyPe);
        queries = queries.add(finalAttn.forward(ps, new NDList(q, k, keys), training).head());
        queries = normFinal.forward(ps, new NDList(queries), training).head();
        return new NDList(queries, keys);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape img = shapes[0];
        Shape ks = new Shape(img.get(0), img.get(2) * img.get(3), embedDim);
        Shape qs = shapes[2];
        for (TwoWayAttentionLayerBlock layer : layers) {
            layer.initialize(manager, dataType, qs, ks, qs, ks);
        }
        finalAttn.initialize(manager, dataType, qs, ks, ks);
        normFinal.initialize(manager, dataType, qs);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape img = inputShapes[0];
        return new Shape[] {
            inputShapes[2], new Shape(img.get(0), img.get(2) * img.get(3), embedDim)
        };
    }

    /**
     * Builder: {@code setEmbedDim}, {@code setNumHeads}, {@code setMlpDim} required; {@code
     * optDepth} (2).
     */
    public static final class Builder {
        private int depth = 2;
        private int embedDim = -1;
        private int numHeads = -1;
        private int mlpDim = -1;

        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

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

        public TwoWayTransformerBlock build() {
            if (depth <= 0 || embedDim <= 0 || numHeads <= 0 || mlpDim <= 0) {
                throw new IllegalArgumentException(
                        "TwoWayTransformerBlock: set embedDim, numHeads, mlpDim; depth > 0");
            }
            return new TwoWayTransformerBlock(this);
        }
    }
}
