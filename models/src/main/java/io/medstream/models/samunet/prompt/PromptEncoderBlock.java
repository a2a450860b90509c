package io.medstream.models.samunet.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.medstream.models.samunet.common.LayerNorm2dBlock;

/**
 * SAM's {@code PromptEncoder} as used by SAM-UNet (box-trained; points wired but untrained).
 *
 * <p>Prompts arrive as labelled points in the resized 256-px frame (see {@link Prompts}): label −1
 * padding, 0 negative, 1 positive, 2 box top-left, 3 box bottom-right. Sparse embedding per point:
 * {@code PE((c+0.5)/imageSize)·[label≠−1] + notAPoint·[label=−1] + Σ_i pointEmbed_i·[label=i]}.
 *
 * <p>Forward: NDList(coords {@code [N,K,2]} f32 (x,y), labels {@code [N,K]} f32) → NDList(sparse
 * {@code [N,K,P]}, dense {@code [N,P,G,G]} = {@code no_mask_embed} broadcast). Masks go through
 * {@link #embedMasks}.
 *
 * <p>Parameters: {@code pointEmbed0..3}, {@code notAPointEmbed}, {@code noMaskEmbed} (each {@code
 * [1,P]}); children {@code 01RandomPositionEmbeddingBlock}, {@code 02SequentialBlock}
 * (mask_downscaling: Conv 1→4 k2s2, LN2d, GELU, Conv 4→16 k2s2, LN2d, GELU, Conv1×1 16→P).
 */
public final class PromptEncoderBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embedDim;
    private final int gridSize;
    private final int imageSize;
    private final Parameter[] pointEmbeds = new Parameter[4];
    private final Parameter notAPointEmbed;
    private final Parameter noMaskEmbed;
    private final RandomPositionEmbeddingBlock pe;
    private final SequentialBlock maskDownscaling;

    private PromptEncoderBlock(Builder builder) {
        super(VERSION);
        embedDim = builder.embedDim;
        gridSize = builder.gridSize;
        imageSize = builder.imageSize;
        for (int i = 0; i < 4; i++) {
            pointEmbeds[i] = addParameter(embedding("pointEmbed" + i));
        }
        notAPointEmbed = addParameter(embedding("notAPointEmbed"));
        noMaskEmbed = addParameter(embedding("noMaskEmbed"));
        pe =
                addChildBlock(
                        "RandomPositionEmbeddingBlock",
                        RandomPositionEmbeddingBlock.builder()
                                .setNumFeatures(embedDim / 2)
                                .build());
        maskDownscaling =
                addChildBlock(
                        "SequentialBlock",
                        new SequentialBlock()
                                .add(conv(4, 2))
                                .add(LayerNorm2dBlock.builder().setChannels(4).build())
                                .add(Activation.geluBlock())
                                .add(conv(16, 2))
                                .add(LayerNorm2dBlock.builder().setChannels(16).build())
                                .add(Activation.geluBlock())
                                .add(conv(embedDim, 1)));
    }

    private Parameter embedding(String name) {
        // nn.Embedding(1, P) weight: [1,P], N(0,1) at init
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, embedDim))
                .optInitializer(new NormalInitializer(1f))
                .build();
    }

    private static Conv2d conv(int filters, int k) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(k, k))
                .setFilters(filters)
                .optBias(true)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public RandomPositionEmbeddingBlock getPositionEmbedding() {
        return pe;
    }

    /** Dense PE of the image grid: {@code [1,P,G,G]}. */
    public NDArray densePe(ParameterStore ps, NDManager manager, boolean training) {
        return pe.densePe(ps, manager, gridSize, training);
    }

    /**
     * Sparse embeddings of labelled points.
     *
     * @param coords {@code [N,K,2]} (x,y) in the resized {@code imageSize} frame
     * @param labels {@code [N,K]} float labels in {−1,0,1,2,3}
     * @return {@code [N,K,P]}
     */
    public NDArray embedPoints(
            ParameterStore ps, NDArray coords, NDArray labels, boolean training) {
        // 1. PE of pixel centres normalised to [0,1]: [N,K,P]
        NDArray enc = pe.encode(ps, coords.add(0.5f).div(imageSize), training);
        // 2. label masks as [N,K,1] floats
        NDArray lab = labels.expandDims(-1);
        NDArray isPad = lab.eq(-1f).toType(enc.getDataType(), false);
        // 3. zero the PE of padding points, add not_a_point there
        NDArray out = enc.mul(isPad.neg().add(1f));
        out = out.add(isPad.mul(ps.getValue(notAPointEmbed, coords.getDevice(), training)));
        // 4. add the label embedding ([1,P] broadcast over [N,K,P])
        for (int i = 0; i < 4; i++) {
            NDArray is = lab.eq((float) i).toType(enc.getDataType(), false);
            out = out.add(is.mul(ps.getValue(pointEmbeds[i], coords.getDevice(), training)));
        }
        return out;
    }

    /** Mask prompt {@code [N,1,4G,4G]} (low-res logits) → dense {@code [N,P,G,G]}. */
    public NDArray embedMasks(ParameterStore ps, NDArray masks, boolean training) {
        return maskDownscaling.forward(ps, new NDList(masks), training).singletonOrThrow();
    }

    /** No-mask dense embedding broadcast to {@code [N,P,G,G]}. */
    public NDArray noMaskDense(ParameterStore ps, NDManager manager, long n, boolean training) {
        NDArray w = ps.getValue(noMaskEmbed, manager.getDevice(), training);
        // [1,P] → [1,P,1,1] → [N,P,G,G]
        return w.reshape(1, embedDim, 1, 1).broadcast(new Shape(n, embedDim, gridSize, gridSize));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray coords = inputs.get(0);
        NDArray labels = inputs.get(1);
        if (coords.getShape().dimension() != 3 || coords.getShape().get(2) != 2) {
            throw new IllegalArgumentException("coords must be [N,K,2], got " + coords.getShape());
        }
        NDArray sparse = embedPoints(ps, coords, labels, training);
        NDArray dense = noMaskDense(ps, coords.getManager(), coords.getShape().get(0), training);
        return new NDList(sparse, dense);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        pe.initialize(manager, dataType, shapes[0]);
        maskDownscaling.initialize(
                manager, dataType, new Shape(1, 1, 4L * gridSize, 4L * gridSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape c = inputShapes[0];
        return new Shape[] {
            new Shape(c.get(0), c.get(1), embedDim),
            new Shape(c.get(0), embedDim, gridSize, gridSize)
        };
    }

    /**
     * Builder: {@code setEmbedDim} (P, 256) required; {@code optGridSize} (16), {@code
     * optImageSize} (256).
     */
    public static final class Builder {
        private int embedDim = -1;
        private int gridSize = 16;
        private int imageSize = 256;

        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public Builder optGridSize(int gridSize) {
            this.gridSize = gridSize;
            return this;
        }

        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public PromptEncoderBlock build() {
            if (embedDim <= 0 || embedDim % 2 != 0) {
                throw new IllegalArgumentException("PromptEncoderBlock: setEmbedDim(even, > 0)");
            }
            return new PromptEncoderBlock(this);
        }
    }
}
