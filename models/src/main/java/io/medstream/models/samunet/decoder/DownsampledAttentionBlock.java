package io.medstream.models.samunet.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SAM's two-way-transformer {@code Attention}: multi-head attention whose q/k/v projections map to
 * an internal width {@code C/downsampleRate} (cf. DJL's {@code ScaledDotProductAttentionBlock}).
 *
 * <p>Legend: B = prompts, Nq/Nk = query/key tokens, C = embedding width, Ci = internal width, nH =
 * heads, c = Ci/nH.
 *
 * <p>Forward: NDList(q {@code [B,Nq,C]}, k {@code [B,Nk,C]}, v {@code [B,Nk,C]}) → {@code
 * [B,Nq,C]}. Children {@code 01..04Linear} = q_proj, k_proj, v_proj, out_proj.
 */
public final class DownsampledAttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embedDim;
    private final int internalDim;
    private final int numHeads;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    private DownsampledAttentionBlock(Builder builder) {
        super(VERSION);
        embedDim = builder.embedDim;
        numHeads = builder.numHeads;
        internalDim = embedDim / builder.downsampleRate;
        qProj = addChildBlock("Linear", Linear.builder().setUnits(internalDim).build());
        kProj = addChildBlock("Linear", Linear.builder().setUnits(internalDim).build());
        vProj = addChildBlock("Linear", Linear.builder().setUnits(internalDim).build());
        outProj = addChildBlock("Linear", Linear.builder().setUnits(embedDim).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** [B,N,Ci] → [B,nH,N,c]. */
    private NDArray separateHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), numHeads, internalDim / numHeads)
                .transpose(0, 2, 1, 3);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // 1. projections: [B,Nq,Ci], [B,Nk,Ci], [B,Nk,Ci] → heads [B,nH,N,c]
        NDArray q = separateHeads(qProj.forward(ps, new NDList(inputs.get(0)), training).head());
        NDArray k = separateHeads(kProj.forward(ps, new NDList(inputs.get(1)), training).head());
        NDArray v = separateHeads(vProj.forward(ps, new NDList(inputs.get(2)), training).head());
        // 2. attention: [B,nH,Nq,c] @ [B,nH,c,Nk] / sqrt(c) → softmax over Nk
        long c = internalDim / numHeads;
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(c)).softmax(-1);
        // 3. weighted values [B,nH,Nq,c] → [B,Nq,nH,c] → [B,Nq,Ci]
        NDArray out = attn.matMul(v).transpose(0, 2, 1, 3);
        Shape s = out.getShape();
        out = out.reshape(s.get(0), s.get(1), internalDim);
        // 4. output projection [B,Nq,C]
        return outProj.forward(ps, new NDList(out), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape in = shapes[0];
        qProj.initialize(manager, dataType, in);
        kProj.initialize(manager, dataType, shapes.length > 1 ? shapes[1] : in);
        vProj.initialize(manager, dataType, shapes.length > 2 ? shapes[2] : in);
        outProj.initialize(manager, dataType, new Shape(in.get(0), in.get(1), internalDim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape q = inputShapes[0];
        return new Shape[] {new Shape(q.get(0), q.get(1), embedDim)};
    }

    /**
     * Builder: {@code setEmbedDim}, {@code setNumHeads} required; {@code optDownsampleRate} (1).
     */
    public static final class Builder {
        private int embedDim = -1;
        private int numHeads = -1;
        private int downsampleRate = 1;

        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        public Builder optDownsampleRate(int downsampleRate) {
            this.downsampleRate = downsampleRate;
            return this;
        }

        public DownsampledAttentionBlock build() {
            if (embedDim <= 0
                    || numHeads <= 0
                    || downsampleRate <= 0
                    || (embedDim / downsampleRate) % numHeads != 0) {
                throw new IllegalArgumentException(
                        "DownsampledAttentionBlock: embedDim/downsampleRate must divide by numHeads");
            }
            return new DownsampledAttentionBlock(this);
        }
    }
}
