package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.medstream.models.samunet.common.LayerNorm2dBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SAM's plain ViT image encoder ({@code ImageEncoderViT}) at 256 input: patch embed + learned
 * absolute position, {@code depth} layers (windowed except at {@code globalAttnIndexes}), neck.
 *
 * <p>The SAM-UNet encoder drives the stages one by one ({@link #embed}, {@link #layer}, {@link
 * #neck}) to fuse ResNet features before the global layers; {@link #forward} runs plain SAM.
 *
 * <p>Input {@code [B,3,256,256]} → output {@code [B,outChans,16,16]}. Parameter {@code posEmbed}
 * {@code [1,G,G,C]}; children {@code 01PatchEmbedBlock}, {@code 02..(depth+1)VitLayerBlock}, then
 * the neck {@code SequentialBlock} (Conv1×1 no bias, LN2d, Conv3×3 p1 no bias, LN2d).
 */
public final class ImageEncoderVitBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embedDim;
    private final int gridSize;
    private final int outChans;
    private final int[] globalAttnIndexes;
    private final Parameter posEmbed;
    private final PatchEmbedBlock patchEmbed;
    private final List<VitLayerBlock> layers = new ArrayList<>();
    private final SequentialBlock neck;

    private ImageEncoderVitBlock(Builder builder) {
        super(VERSION);
        embedDim = builder.embedDim;
        gridSize = builder.imageSize / builder.patchSize;
        outChans = builder.outChans;
        globalAttnIndexes = builder.globalAttnIndexes.clone();
        posEmbed =
                addParameter(
                        Parameter.builder()
                                .setName("posEmbed")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(1, gridSize, gridSize, embedDim))
                                .optInitializer(Initializer.ZEROS)
                                .build());
        patchEmbed =
                addChildBlock(
                        "PatchEmbedBlock",
                        PatchEmbedBlock.builder()
                                .setPatchSize(builder.patchSize)
                                .setEmbedDim(embedDim)
                                .build());
        for (int i = 0; i < builder.depth; i++) {
            final int idx = i;
            boolean global = Arrays.stream(globalAttnIndexes).anyMatch(g -> g == idx);
            layers.add(
                    addChildBlock(
                            "VitLayerBlock",
                            VitLayerBlock.builder()
                                    .setDim(embedDim)
                                    .setNumHeads(builder.numHeads)
                                    .setMlpDim(builder.mlpDim)
                                    .setGridSize(gridSize)
                                    .optWindowSize(global ? 0 : builder.windowSize)
                                    .build()));
        }
        neck =
                addChildBlock(
                        "SequentialBlock",
                        new SequentialBlock()
                                .add(conv(1, 0))
                                .add(LayerNorm2dBlock.builder().setChannels(outChans).build())
                                .add(conv(3, 1))
                                .add(LayerNorm2dBlock.builder().setChannels(outChans).build()));
    }

    private Conv2d conv(int k, int pad) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optPadding(new Shape(pad, pad))
                .setFilters(outChans)
                .optBias(false)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of ViT layers. */
    public int depth() {
        return layers.size();
    }

    /** Layer {@code i}; input/output tokens {@code [B,G,G,C]}. */
    public VitLayerBlock layer(int i) {
        return layers.get(i);
    }

    /** Patch embedding plus absolute position: {@code [B,3,256,256]} → tokens {@code [B,G,G,C]}. */
    public NDArray embed(ParameterStore ps, NDArray image, boolean training) {
        NDArray t = patchEmbed.forward(ps, new NDList(image), training).singletonOrThrow();
        // [B,G,G,C] + [1,G,G,C]
        return t.add(ps.getValue(posEmbed, image.getDevice(), training));
    }

    /** Neck: tokens {@code [B,G,G,C]} → image embeddings {@code [B,outChans,G,G]}. */
    public NDArray neck(ParameterStore ps, NDArray tokens, boolean training) {
        // channels-last → NCHW: [B,C,G,G]
        return neck.forward(ps, new NDList(tokens.transpose(0, 3, 1, 2)), training)
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // 1. tokens [B,G,G,C]
        NDArray t = embed(ps, inputs.singletonOrThrow(), training);
        // 2. all layers
        for (VitLayerBlock layer : layers) {
            t = layer.forward(ps, new NDList(t), training).singletonOrThrow();
        }
        // 3. neck → [B,outChans,G,G]
        return new NDList(neck(ps, t, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape image = shapes[0];
        patchEmbed.initialize(manager, dataType, image);
        Shape tokens = patchEmbed.getOutputShapes(new Shape[] {image})[0];
        for (VitLayerBlock layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        neck.initialize(manager, dataType, new Shape(image.get(0), embedDim, gridSize, gridSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outChans, gridSize, gridSize)};
    }

    /**
     * Builder: {@code setEmbedDim/setDepth/setNumHeads} required; {@code optImageSize} (256),
     * {@code optPatchSize} (16), {@code optMlpDim} (4·C), {@code optWindowSize} (14), {@code
     * optGlobalAttnIndexes} ({2,5,8,11}), {@code optOutChans} (256).
     */
    public static final class Builder {
        private int embedDim = -1;
        private int depth = -1;
        private int numHeads = -1;
        private int mlpDim = -1;
        private int imageSize = 256;
        private int patchSize = 16;
        private int windowSize = 14;
        private int[] globalAttnIndexes = {2, 5, 8, 11};
        private int outChans = 256;

        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        public Builder optMlpDim(int mlpDim) {
            this.mlpDim = mlpDim;
            return this;
        }

        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public Builder optPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        public Builder optWindowSize(int windowSize) {
            this.windowSize = windowSize;
            return this;
        }

        public Builder optGlobalAttnIndexes(int... globalAttnIndexes) {
            this.globalAttnIndexes = globalAttnIndexes.clone();
            return this;
        }

        public Builder optOutChans(int outChans) {
            this.outChans = outChans;
            return this;
        }

        public ImageEncoderVitBlock build() {
            if (embedDim <= 0 || depth <= 0 || numHeads <= 0) {
                throw new IllegalArgumentException(
                        "ImageEncoderVitBlock: call setEmbedDim, setDepth and setNumHeads");
            }
            if (mlpDim <= 0) {
                mlpDim = 4 * embedDim;
            }
            if (imageSize % patchSize != 0) {
                throw new IllegalArgumentException("imageSize must be a multiple of patchSize");
            }
            return new ImageEncoderVitBlock(this);
        }
    }
}
