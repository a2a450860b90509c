package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.decoder.MedMaskDecoderBlock;
import io.medstream.models.samunet.image.SamUnetImageEncoderBlock;
import io.medstream.models.samunet.prompt.PromptEncoderBlock;

/**
 * SAM-UNet (cf. segment-anything's {@code Sam}): image encoder, prompt encoder and HQ-style mask
 * decoder, injected through the builder. Split into {@link #encode} (once per image) and {@link
 * #decode} (per prompt batch) so a predictor can cache the 768 KB per image.
 *
 * <p>{@link #forward}: NDList(image {@code [B,3,256,256]}, coords {@code [N,K,2]}, labels {@code
 * [N,K]}) → low-res logits {@code [N,1,64,64]}, with B = 1 or B = N.
 *
 * <p>Children: {@code 01SamUnetImageEncoderBlock}, {@code 02PromptEncoderBlock}, {@code
 * 03MedMaskDecoderBlock}.
 */
public final class SamUnetBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SamUnetConfig config;
    private final SamUnetImageEncoderBlock imageEncoder;
    private final PromptEncoderBlock promptEncoder;
    private final MedMaskDecoderBlock maskDecoder;

    private SamUnetBlock(Builder builder) {
        super(VERSION);
        config = builder.config;
        imageEncoder = addChildBlock("SamUnetImageEncoderBlock", builder.imageEncoder);
        promptEncoder = addChildBlock("PromptEncoderBlock", builder.promptEncoder);
        maskDecoder = addChildBlock("MedMaskDecoderBlock", builder.maskDecoder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds the full model for a registry variant (parameters uninitialised). */
    public static SamUnetBlock forVariant(SamUnetVariant variant) {
        return forConfig(variant.config());
    }

    /** Builds the full model for a configuration (parameters uninitialised). */
    public static SamUnetBlock forConfig(SamUnetConfig c) {
        return builder()
                .setConfig(c)
                .setImageEncoder(SamUnetImageEncoderBlock.builder().setConfig(c).build())
                .setPromptEncoder(
                        PromptEncoderBlock.builder()
                                .setEmbedDim(c.promptDim())
                                .optGridSize(c.gridSize())
                                .optImageSize(c.imageSize())
                                .build())
                .setMaskDecoder(
                        MedMaskDecoderBlock.builder()
                                .setPromptDim(c.promptDim())
                                .optNumHeads(c.decoderHeads())
                                .optMlpDim(c.decoderMlpDim())
                                .build())
                .build();
    }

    public SamUnetConfig getConfig() {
        return config;
    }

    public SamUnetImageEncoderBlock getImageEncoder() {
        return imageEncoder;
    }

    public PromptEncoderBlock getPromptEncoder() {
        return promptEncoder;
    }

    public MedMaskDecoderBlock getMaskDecoder() {
        return maskDecoder;
    }

    /**
     * Runs the image encoder.
     *
     * @param image normalised, padded {@code [B,3,256,256]}
     * @return NDList(embeddings {@code [B,256,16,16]}, multi_scale {@code [B,32,64,64]})
     */
    public NDList encode(ParameterStore ps, NDArray image, boolean training) {
        return imageEncoder.forward(ps, new NDList(image), training);
    }

    /**
     * Runs prompt encoder + mask decoder for box or point prompts without a mask prompt.
     *
     * @param embeddings {@code [B,256,16,16]} with B = 1 (shared by all prompts) or B = N
     * @param multiScale {@code [B,32,64,64]}
     * @param coords {@code [N,K,2]} (x,y) in the resized 256-px frame
     * @param labels {@code [N,K]} f32 labels (−1 pad, 0/1 points, 2/3 box corners)
     * @return low-res logits {@code [N,1,64,64]}
     */
    public NDArray decode(
            ParameterStore ps,
            NDArray embeddings,
            NDArray multiScale,
            NDArray coords,
            NDArray labels,
            boolean training) {
        return decode(ps, embeddings, multiScale, coords, labels, null, training);
    }

    /**
     * As {@link #decode(ParameterStore, NDArray, NDArray, NDArray, NDArray, boolean)}, with an
     * optional mask prompt (SAM-ONNX style; wired in SAM-UNet but never trained).
     *
     * @param maskInput {@code [N,1,64,64]} low-res mask logits, or {@code null} for {@code
     *     no_mask_embed}
     */
    public NDArray decode(
            ParameterStore ps,
            NDArray embeddings,
            NDArray multiScale,
            NDArray coords,
            NDArray labels,
            NDArray maskInput,
            boolean training) {
        return decode(ps, embeddings, multiScale, coords, labels, maskInput, training, null);
    }

    /**
     * As above, with forward parameters for the mask decoder (e.g. {@link
     * MedMaskDecoderBlock#PART_CLOCK} for per-stage timing; null when serving).
     */
    public NDArray decode(
            ParameterStore ps,
            NDArray embeddings,
            NDArray multiScale,
            NDArray coords,
            NDArray labels,
            NDArray maskInput,
            boolean training,
            PairList<String, Object> params) {
        long n = coords.getShape().get(0);
        if (n == 0) {
            throw new IllegalArgumentException("at least one prompt is required (N = 0)");
        }
        // 1. sparse [N,K,P]; dense [N,P,G,G] from no_mask_embed or the mask prompt
        NDList prompts = promptEncoder.forward(ps, new NDList(coords, labels), training);
        NDArray dense = prompts.get(1);
        if (maskInput != null) {
            if (maskInput.getShape().get(0) != n) {
                throw new IllegalArgumentException(
                        "mask input "
                                + maskInput.getShape()
                                + " must have one mask per prompt ("
                                + n
                                + ")");
            }
            dense = promptEncoder.embedMasks(ps, maskInput, training);
        }
        // 2. image PE [1,P,G,G]
        NDArray pe = promptEncoder.densePe(ps, coords.getManager(), training);
        // 3. One image shared by all N prompts and no mask prompt: the image side of the decoder is
        //    the same for every prompt until the first image-to-token attention, so embeddings
        //    [1,P,G,G], dense [1,P,G,G] and multi_scale [1,M,4G,4G] stay at batch 1 and broadcast
        //    against the [N,...] token side; the first layer's image projections then run once
        //    instead of N times. Otherwise every image tensor is expanded to N.
        NDArray emb;
        NDArray ms;
        if (maskInput == null
                && embeddings.getShape().get(0) == 1
                && multiScale.getShape().get(0) == 1) {
            emb = embeddings;
            ms = multiScale;
            dense = promptEncoder.noMaskDense(ps, coords.getManager(), 1, training);
        } else {
            emb = expand(embeddings, n);
            ms = expand(multiScale, n);
        }
        return maskDecoder
                .forward(ps, new NDList(emb, pe, prompts.get(0), dense, ms), training, params)
                .singletonOrThrow();
    }

    private static NDArray expand(NDArray x, long n) {
        long b = x.getShape().get(0);
        if (b == n) {
            return x;
        }
        if (b != 1) {
            throw new IllegalArgumentException(
                    "embeddings batch " + b + " must be 1 or equal the prompt count " + n);
        }
        long[] dims = x.getShape().getShape().clone();
        dims[0] = n;
        // [1,...] → [N,...]
        return x.broadcast(new Shape(dims));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList enc = encode(ps, inputs.get(0), training);
        return new NDList(
                decode(ps, enc.get(0), enc.get(1), inputs.get(1), inputs.get(2), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape image = shapes[0];
        Shape coords = shapes.length > 1 ? shapes[1] : new Shape(1, 2, 2);
        Shape labels = shapes.length > 2 ? shapes[2] : new Shape(1, 2);
        imageEncoder.initialize(manager, dataType, image);
        promptEncoder.initialize(manager, dataType, coords, labels);
        long n = coords.get(0);
        int g = config.gridSize();
        Shape emb = new Shape(n, config.promptDim(), g, g);
        Shape sparse = new Shape(n, coords.get(1), config.promptDim());
        Shape ms = new Shape(n, config.maskFeatureDim(), 4L * g, 4L * g);
        maskDecoder.initialize(
                manager, dataType, emb, new Shape(1, config.promptDim(), g, g), sparse, emb, ms);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int side = 4 * config.gridSize();
        return new Shape[] {new Shape(inputShapes[1].get(0), 1, side, side)};
    }

    /** Builder: all four setters are required. */
    public static final class Builder {
        private SamUnetConfig config;
        private SamUnetImageEncoderBlock imageEncoder;
        private PromptEncoderBlock promptEncoder;
        private MedMaskDecoderBlock maskDecoder;

        public Builder setConfig(SamUnetConfig config) {
            this.config = config;
            return this;
        }

        public Builder setImageEncoder(SamUnetImageEncoderBlock imageEncoder) {
            this.imageEncoder = imageEncoder;
            return this;
        }

        public Builder setPromptEncoder(PromptEncoderBlock promptEncoder) {
            this.promptEncoder = promptEncoder;
            return this;
        }

        public Builder setMaskDecoder(MedMaskDecoderBlock maskDecoder) {
            this.maskDecoder = maskDecoder;
            return this;
        }

        public SamUnetBlock build() {
            if (config == null
                    || imageEncoder == null
                    || promptEncoder == null
                    || maskDecoder == null) {
                throw new IllegalArgumentException(
                        "SamUnetBlock: set config, image encoder, prompt encoder and mask decoder"
                                + " (or use SamUnetBlock.forVariant)");
            }
            return new SamUnetBlock(this);
        }
    }
}
