package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SAM {@code PatchEmbed}: Conv2d 3→C, kernel = stride = patch, with bias, then channels-last.
 *
 * <p>Input {@code [B,3,H,W]} → output {@code [B,H/p,W/p,C]}. Child {@code 01Conv2d} ({@code proj}).
 */
public final class PatchEmbedBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int patchSize;
    private final int embedDim;
    private final Conv2d proj;

    private PatchEmbedBlock(Builder builder) {
        super(VERSION);
        patchSize = builder.patchSize;
        embedDim = builder.embedDim;
        proj =
                addChildBlock(
                        "Conv2d",
                        Conv2d.builder()
                                .setKernelShape(new Shape(patchSize, patchSize))
                                .optStride(new Shape(patchSize, patchSize))
                                .setFilters(embedDim)
                                .optBias(true)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // [B,3,H,W] → [B,C,H/p,W/p] → [B,H/p,W/p,C]
        return new NDList(
                proj.forward(ps, inputs, training).singletonOrThrow().transpose(0, 2, 3, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        proj.initialize(manager, dataType, shapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {
            new Shape(s.get(0), s.get(2) / patchSize, s.get(3) / patchSize, embedDim)
        };
    }

    /** Builder: {@code setPatchSize} and {@code setEmbedDim} are required. */
    public static final class Builder {
        private int patchSize = -1;
        private int embedDim = -1;

        public Builder setPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public PatchEmbedBlock build() {
            if (patchSize <= 0 || embedDim <= 0) {
                throw new IllegalArgumentException("PatchEmbedBlock: set patchSize and embedDim");
            }
            return new PatchEmbedBlock(this);
        }
    }
}
