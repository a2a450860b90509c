package io.medstream.models.samunet.decoder;

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
import io.medstream.models.samunet.common.MlpBlock;
import io.medstream.models.samunet.common.Upscale4xBlock;

import java.util.function.BiConsumer;

/**
 * SAM-UNet's HQ-SAM-style mask decoder: one learned output token ({@code med_token}), no IoU head,
 * no multimask output — one mask per prompt, no quality score.
 *
 * <p>Legend: N = prompts, K = sparse tokens per prompt, P = prompt width (256), G = grid (16), M =
 * mask-feature channels P/8 (32).
 *
 * <ol>
 *   <li>tokens = concat(med_token, sparse): {@code [N,1+K,P]}
 *   <li>src = embeddings + dense, pos = image PE: {@code [N,P,G,G]}
 *   <li>two-way transformer → hs {@code [N,1+K,P]}, keys {@code [N,G·G,P]}
 *   <li>output_upscaling (ConvT, LN2d, GELU, ConvT, GELU) → {@code [N,M,4G,4G]}
 *   <li>embedding_maskfeature (Conv3×3, LN2d, GELU, Conv3×3) + multi_scale → {@code [N,M,4G,4G]}
 *   <li>hf_mlp(hs[:,0]) → {@code [N,M]}
 *   <li>logits = hyper {@code [N,1,M]} @ features {@code [N,M,16G²]} → {@code [N,1,4G,4G]}
 * </ol>
 *
 * <p>Forward: NDList(embeddings {@code [B,P,G,G]}, image PE {@code [1,P,G,G]}, sparse {@code
 * [N,K,P]}, dense {@code [B,P,G,G]}, multi_scale {@code [B,M,4G,4G]}) → low-res logits {@code
 * [N,1,4G,4G]}, with B = N, or B = 1 when all prompts share one image and no mask prompt (the image
 * side then broadcasts; see {@code SamUnetBlock.decode}).
 *
 * <p>Parameter {@code medToken} {@code [1,P]}; children {@code 01TwoWayTransformerBlock}, {@code
 * 02Upscale4xBlock} (output_upscaling), {@code 03MlpBlock} (hf_mlp), {@code 04SequentialBlock}
 * (embedding_maskfeature: 01Conv2d, 02LayerNorm2dBlock, 03 GELU, 04Conv2d).
 */
public final class MedMaskDecoderBlock extends AbstractBlock {

    /**
     * Key of an optional forward parameter: a {@code BiConsumer<String, NDArray>} called after each
     * stage with the stage's name and result ("promptsAndInputs", "transformer", "upscaling",
     * "maskFeatures", "hypernetwork", "logits"), so a profiler can force and time each stage. Never
     * set when serving.
     */
    public static final String PART_CLOCK = "partClock";

    private static final byte VERSION = 1;

    private final int promptDim;
    private final int maskDim;
    private final Parameter medToken;
    private final TwoWayTransformerBlock transformer;
    private final Upscale4xBlock outputUpscaling;
    private final MlpBlock hfMlp;
    private final SequentialBlock embeddingMaskFeature;

    private MedMaskDecoderBlock(Builder builder) {
        super(VERSION);
        promptDim = builder.promptDim;
        maskDim = promptDim / 8;
        medToken =
                addParameter(
                        Parameter.builder()
                                .setName("medToken")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(1, promptDim))
                                .optInitializer(new NormalInitializer(1f))
                                .build());
        transformer =
                addChildBlock(
                        "TwoWayTransformerBlock",
                        TwoWayTransformerBlock.builder()
                                .setEmbedDim(promptDim)
                                .setNumHeads(builder.numHeads)
                                .setMlpDim(builder.mlpDim)
                                .build());
        outputUpscaling =
                addChildBlock(
                        "Upscale4xBlock",
                        Upscale4xBlock.builder()
                                .setChannels(promptDim, promptDim / 4, maskDim)
                                .optFinalGelu(true)
                                .build());
        hfMlp =
                addChildBlock(
                        "MlpBlock",
                        MlpBlock.builder()
                                .setInputDim(promptDim)
                                .setLayerDims(promptDim, promptDim, maskDim)
                                .optActivation(MlpBlock.Act.RELU)
                                .build());
        embeddingMaskFeature =
                addChildBlock(
                        "SequentialBlock",
                        new SequentialBlock()
                                .add(conv3(promptDim / 4))
                                .add(LayerNorm2dBlock.builder().setChannels(promptDim / 4).build())
                                .add(Activation.geluBlock())
                                .add(conv3(maskDim)));
    }

    private static Conv2d conv3(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(true)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        NDArray imagePe = inputs.get(1);
        NDArray sparse = inputs.get(2);
        NDArray dense = inputs.get(3);
        NDArray multiScale = inputs.get(4);
        long n = sparse.getShape().get(0);
        if (!batchOneOrN(embeddings, n) || !batchOneOrN(multiScale, n) || !batchOneOrN(dense, n)) {
            throw new IllegalArgumentException(
                    "embeddings "
                            + embeddings.getShape()
                            + ", dense "
                            + dense.getShape()
                            + " and multi_scale "
                            + multiScale.getShape()
                            + " must each have batch 1 (shared) or N="
                            + n);
        }
        Shape es = embeddings.getShape();
        // 1. tokens: med_token [1,P] → [N,1,P], concat sparse → [N,1+K,P]
        NDArray token =
                ps.getValue(medToken, sparse.getDevice(), training)
                        .reshape(1, 1, promptDim)
                        .broadcast(new Shape(n, 1, promptDim));
        NDArray tokens = token.concat(sparse, 1);
        // 2. src = embeddings + dense [B,P,G,G] (B = 1 shared or N); pos = PE repeated to B
        NDArray src = embeddings.add(dense);
        NDArray pos = imagePe.broadcast(es);
        BiConsumer<String, NDArray> clock = partClock(params);
        clock.accept("promptsAndInputs", src);
        // 3. transformer: hs [N,1+K,P], keys [N,G·G,P] (a shared image side broadcasts to N in the
        //    first image-to-token attention)
        NDList hsKeys = transformer.forward(ps, new NDList(src, pos, tokens), training);
        clock.accept("transformer", hsKeys.get(1));
        NDArray medOut = hsKeys.get(0).get(":, 0, :");
        // keys [N,G·G,P] → [N,P,G,G]
        NDArray srcMap =
                hsKeys.get(1).transpose(0, 2, 1).reshape(n, es.get(1), es.get(2), es.get(3));
        // 4. upscale: [N,M,4G,4G]
        NDArray upscaled = outputUpscaling.forward(ps, new NDList(srcMap), training).head();
        clock.accept("upscaling", upscaled);
        // 5. mask features + multi-scale feature ([N or 1,M,4G,4G], broadcast): [N,M,4G,4G]
        NDArray features =
                embeddingMaskFeature
                        .forward(ps, new NDList(upscaled), training)
                        .head()
                        .add(multiScale);
        clock.accept("maskFeatures", features);
        // 6. hypernetwork on the med token: [N,M] → [N,1,M]
        NDArray hyper = hfMlp.forward(ps, new NDList(medOut), training).head().expandDims(1);
        clock.accept("hypernetwork", hyper);
        // 7. [N,1,M] @ [N,M,16G²] → [N,1,4G,4G]
        Shape fs = features.getShape();
        NDArray logits =
                hyper.matMul(features.reshape(n, maskDim, fs.get(2) * fs.get(3)))
                        .reshape(n, 1, fs.get(2), fs.get(3));
        clock.accept("logits", logits);
        return new NDList(logits);
    }

    @SuppressWarnings("unchecked")
    private static BiConsumer<String, NDArray> partClock(PairList<String, Object> params) {
        Object c = params == null ? null : params.get(PART_CLOCK);
        return c instanceof BiConsumer<?, ?> b ? (BiConsumer<String, NDArray>) b : (k, v) -> {};
    }

    private static boolean batchOneOrN(NDArray x, long n) {
        long b = x.getShape().get(0);
        return b == 1 || b == n;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape emb = shapes[0];
        Shape sparse = shapes[2];
        Shape tokens = new Shape(sparse.get(0), sparse.get(1) + 1, promptDim);
        transformer.initialize(manager, dataType, emb, emb, tokens);
        outputUpscaling.initialize(manager, dataType, emb);
        hfMlp.initialize(manager, dataType, new Shape(sparse.get(0), promptDim));
        Shape up = outputUpscaling.getOutputShapes(new Shape[] {emb})[0];
        embeddingMaskFeature.initialize(manager, dataType, up);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape emb = inputShapes[0];
        return new Shape[] {new Shape(inputShapes[2].get(0), 1, 4 * emb.get(2), 4 * emb.get(3))};
    }

    /**
     * Builder: {@code setPromptDim} (256) required; {@code optNumHeads} (8), {@code optMlpDim}
     * (2048).
     */
    public static final class Builder {
        private int promptDim = -1;
        private int numHeads = 8;
        private int mlpDim = 2048;

        public Builder setPromptDim(int promptDim) {
            this.promptDim = promptDim;
            return this;
        }

        public Builder optNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        public Builder optMlpDim(int mlpDim) {
            this.mlpDim = mlpDim;
            return this;
        }

        public MedMaskDecoderBlock build() {
            if (promptDim <= 0 || promptDim % 8 != 0) {
                throw new IllegalArgumentException(
                        "MedMaskDecoderBlock: setPromptDim(multiple of 8)");
            }
            return new MedMaskDecoderBlock(this);
        }
    }
}
