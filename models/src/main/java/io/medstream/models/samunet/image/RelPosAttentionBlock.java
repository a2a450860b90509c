package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * SAM ViT multi-head attention with decomposed relative-position bias ({@code Attention} in {@code
 * image_encoder.py}).
 *
 * <p>Legend: B' = batch (or batch·windows), S = side of the square token map (window 14 or grid
 * 16), C = width, nH = heads, hd = C/nH.
 *
 * <p>Input {@code [B',S,S,C]} → output {@code [B',S,S,C]}. Parameters: {@code relPosH}, {@code
 * relPosW} {@code [2S−1, hd]}; children {@code 01Linear} (qkv, C→3C) and {@code 02Linear} (proj).
 * The rel-pos term uses the <b>unscaled</b> q; only q·kᵀ is scaled by hd^−½.
 */
public final class RelPosAttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int numHeads;
    private final int inputSize;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter relPosH;
    private final Parameter relPosW;

    private RelPosAttentionBlock(Builder builder) {
        super(VERSION);
        dim = builder.dim;
        numHeads = builder.numHeads;
        inputSize = builder.inputSize;
        int headDim = dim / numHeads;
        relPosH = addParameter(relPosParameter("relPosH", headDim));
        relPosW = addParameter(relPosParameter("relPosW", headDim));
        qkv = addChildBlock("Linear", Linear.builder().setUnits(3L * dim).optBias(true).build());
        proj = addChildBlock("Linear", Linear.builder().setUnits(dim).optBias(true).build());
    }

    private Parameter relPosParameter(String name, int headDim) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(2L * inputSize - 1, headDim))
                .optInitializer(Initializer.ZEROS)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != inputSize || s.get(2) != inputSize) {
            throw new IllegalArgumentException(
                    "RelPosAttention expects [B," + inputSize + "," + inputSize + ",C], got " + s);
        }
        long b = s.get(0);
        long n = (long) inputSize * inputSize;
        long hd = dim / numHeads;
        // 1. qkv: [B,S,S,C] → [B,S·S,3,nH,hd] → [3,B,nH,S·S,hd] → [3, B·nH, S·S, hd]
        NDArray qkvOut =
                qkv.forward(ps, inputs, training)
                        .singletonOrThrow()
                        .reshape(b, n, 3, numHeads, hd)
                        .transpose(2, 0, 3, 1, 4)
                        .reshape(3, b * numHeads, n, hd);
        NDArray q = qkvOut.get(0);
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        // 2. logits (scaled q): [B·nH, S·S, hd] @ [B·nH, hd, S·S] → [B·nH, S·S, S·S]
        NDArray attn = q.mul(1.0 / Math.sqrt(hd)).matMul(k.transpose(0, 2, 1));
        // 3. decomposed rel-pos from the unscaled q
        NDArray rh = WindowOps.relPos(ps.getValue(relPosH, x.getDevice(), training), inputSize);
        NDArray rw = WindowOps.relPos(ps.getValue(relPosW, x.getDevice(), training), inputSize);
        attn =
                WindowOps.addDecomposedRelPos(
                        attn, q, rh, rw, inputSize, inputSize, inputSize, inputSize);
        // 4. softmax over keys, weighted values: [B·nH, S·S, hd]
        NDArray out = attn.softmax(-1).matMul(v);
        // 5. merge heads: [B,nH,S,S,hd] → [B,S,S,nH,hd] → [B,S,S,C], then proj
        out =
                out.reshape(b, numHeads, inputSize, inputSize, hd)
                        .transpose(0, 2, 3, 1, 4)
                        .reshape(b, inputSize, inputSize, dim);
        return proj.forward(ps, new NDList(out), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        qkv.initialize(manager, dataType, shapes[0]);
        proj.initialize(manager, dataType, shapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builder: {@code setDim}, {@code setNumHeads}, {@code setInputSize} (S) are required. */
    public static final class Builder {
        private int dim = -1;
        private int numHeads = -1;
        private int inputSize = -1;

        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public RelPosAttentionBlock build() {
            if (dim <= 0 || numHeads <= 0 || dim % numHeads != 0 || inputSize <= 0) {
                throw new IllegalArgumentException(
                        "RelPosAttentionBlock: dim must be a positive multiple of numHeads, and"
                                + " inputSize > 0");
            }
            return new RelPosAttentionBlock(this);
        }
    }
}
