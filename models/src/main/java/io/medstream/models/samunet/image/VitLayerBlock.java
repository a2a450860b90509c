package io.medstream.models.samunet.image;

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
 * One SAM ViT layer ({@code Block} in {@code image_encoder.py}): {@code x + Attn(LN1(x))}, then
 * {@code + MLP(LN2(x))}; LayerNorm eps 1e-6, exact GELU.
 *
 * <p>Window layers ({@code windowSize > 0}) zero-pad the normalised {@code [B,G,G,C]} map to a
 * multiple of the window (16 → 28 for window 14), attend inside each window without masking the
 * padding, then crop back. Global layers attend over the whole {@code G×G} grid.
 *
 * <p>Input/output {@code [B,G,G,C]} (channels-last). Children: {@code 01LayerNorm} (norm1), {@code
 * 02RelPosAttentionBlock}, {@code 03LayerNorm} (norm2), {@code 04MlpBlock} (lin1, lin2).
 */
public final class VitLayerBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int windowSize;
    private final LayerNorm norm1;
    private final RelPosAttentionBlock attn;
    private final LayerNorm norm2;
    private final MlpBlock mlp;

    private VitLayerBlock(Builder builder) {
        super(VERSION);
        dim = builder.dim;
        windowSize = builder.windowSize;
        int attnSize = windowSize > 0 ? windowSize : builder.gridSize;
        norm1 = addChildBlock("LayerNorm", LayerNorm.builder().axis(3).optEpsilon(1e-6f).build());
        attn =
                addChildBlock(
                        "RelPosAttentionBlock",
                        RelPosAttentionBlock.builder()
                                .setDim(dim)
                                .setNumHeads(builder.numHeads)
                                .setInputSize(attnSize)
                                .build());
        norm2 = addChildBlock("LayerNorm", LayerNorm.builder().axis(3).optEpsilon(1e-6f).build());
        mlp =
                addChildBlock(
                        "MlpBlock",
                        MlpBlock.builder()
                                .setInputDim(dim)
                                .setLayerDims(builder.mlpDim, dim)
                                .optActivation(MlpBlock.Act.GELU)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this layer attends within windows (false: global attention). */
    public boolean isWindowed() {
        return windowSize > 0;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long h = s.get(1);
        long w = s.get(2);
        // 1. norm1: [B,G,G,C]
        NDArray y = norm1.forward(ps, inputs, training).singletonOrThrow();
        if (windowSize > 0) {
            // 2a. zero-pad after norm1 ([B,Hp,Wp,C]), split into windows [B·nW, ws, ws, C], attend
            NDArray padded = WindowOps.padToWindowMultiple(y, windowSize);
            long hp = padded.getShape().get(1);
            long wp = padded.getShape().get(2);
            NDArray windows = WindowOps.windowPartition(padded, windowSize);
            NDArray attended = attn.forward(ps, new NDList(windows), training).singletonOrThrow();
            // merge windows and crop: [B,G,G,C]
            y = WindowOps.windowUnpartition(attended, windowSize, hp, wp, h, w);
        } else {
            // 2b. global attention over [B,G,G,C]
            y = attn.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        // 3. residual
        x = x.add(y);
        // 4. x + MLP(norm2(x))
        NDArray m = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
        m = mlp.forward(ps, new NDList(m), training).singletonOrThrow();
        return new NDList(x.add(m));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape s = shapes[0];
        norm1.initialize(manager, dataType, s);
        Shape attnShape = windowSize > 0 ? new Shape(s.get(0), windowSize, windowSize, dim) : s;
        attn.initialize(manager, dataType, attnShape);
        norm2.initialize(manager, dataType, s);
        mlp.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /**
     * Builder: {@code setDim}, {@code setNumHeads}, {@code setMlpDim}, {@code setGridSize}
     * required; {@code optWindowSize} (0 = global attention, the default).
     */
    public static final class Builder {
        private int dim = -1;
        private int numHeads = -1;
        private int mlpDim = -1;
        private int gridSize = -1;
        private int windowSize;

        public Builder setDim(int dim) {
            this.dim = dim;
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

        public Builder setGridSize(int gridSize) {
            this.gridSize = gridSize;
            return this;
        }

        public Builder optWindowSize(int windowSize) {
            this.windowSize = windowSize;
            return this;
        }

        public VitLayerBlock build() {
            if (dim <= 0 || numHeads <= 0 || mlpDim <= 0 || gridSize <= 0 || windowSize < 0) {
                throw new IllegalArgumentException(
                        "VitLayerBlock: set dim, numHeads, mlpDim, gridSize (>0); window >= 0");
            }
            return new VitLayerBlock(this);
        }
    }
}
