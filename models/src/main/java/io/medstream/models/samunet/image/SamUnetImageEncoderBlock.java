package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.SamUnetConfig;
import io.medstream.models.samunet.common.Upscale4xBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * SAM-UNet image encoder: frozen SAM ViT + ResNet branch fused before each global layer, bridges
 * building the multi-scale feature, and the embedding encoder.
 *
 * <p>Dataflow (t = tokens {@code [B,G,G,E]}, g0..g3 = global layers, Ak = adapter k):
 *
 * <ol>
 *   <li>t = patch_embed(x) + pos_embed
 *   <li>for k = 0..3: run layers up to g_k − 1; t += Ak(f(k+1)) (permuted to channels-last); run
 *       g_k; for k &lt; 3 take {@code m(2−k) = bridge[2−k](t)} — the bridge index is reversed
 *       (bridge 2 taps g0, bridge 0 taps g2); layers after g3 (none in official builds) follow
 *   <li>embeddings = neck(t): {@code [B,P,G,G]}
 *   <li>multi_scale = embedding_encoder(embeddings) + m0 + m1 + m2: {@code [B,P/8,4G,4G]}
 * </ol>
 *
 * <p>Input {@code [B,3,256,256]} → NDList(embeddings {@code [B,256,16,16]}, multi_scale {@code
 * [B,32,64,64]}) for ViT-B. Children: {@code 01ImageEncoderVitBlock}, {@code 02ResNetBranchBlock},
 * {@code 03..06FusionAdapterBlock} (adapters_in.0..3), {@code 07..09Upscale4xBlock}
 * (adapters_bridge.0..2), {@code 10Upscale4xBlock} (embedding_encoder).
 */
public final class SamUnetImageEncoderBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SamUnetConfig config;
    private final ImageEncoderVitBlock vit;
    private final ResNetBranchBlock resnet;
    private final List<FusionAdapterBlock> adapters = new ArrayList<>();
    private final List<Upscale4xBlock> bridges = new ArrayList<>();
    private final Upscale4xBlock embeddingEncoder;
    private volatile boolean fusionEnabled = true;

    private SamUnetImageEncoderBlock(Builder builder) {
        super(VERSION);
        config = builder.config;
        SamUnetConfig c = config;
        vit =
                addChildBlock(
                        "ImageEncoderVitBlock",
                        ImageEncoderVitBlock.builder()
                                .setEmbedDim(c.vitDim())
                                .setDepth(c.vitDepth())
                                .setNumHeads(c.vitHeads())
                                .optMlpDim(c.vitMlpDim())
                                .optImageSize(c.imageSize())
                                .optPatchSize(c.patchSize())
                                .optWindowSize(c.windowSize())
                                .optGlobalAttnIndexes(c.globalAttnIndexes())
                                .optOutChans(c.promptDim())
                                .build());
        resnet =
                addChildBlock(
                        "ResNetBranchBlock",
                        ResNetBranchBlock.builder()
                                .setStem(c.resnetStem())
                                .setWidths(c.resnetWidths())
                                .setBlocks(c.resnetBlocks())
                                .optBottleneck(c.bottleneck())
                                .build());
        for (int k = 0; k < 4; k++) {
            adapters.add(
                    addChildBlock(
                            "FusionAdapterBlock",
                            FusionAdapterBlock.forTap(k + 1, c.tapChannels(k + 1), c.vitDim())));
        }
        for (int k = 0; k < 3; k++) {
            bridges.add(
                    addChildBlock(
                            "Upscale4xBlock",
                            Upscale4xBlock.builder()
                                    .setChannels(c.vitDim(), c.promptDim(), c.maskFeatureDim())
                                    .build()));
        }
        embeddingEncoder =
                addChildBlock(
                        "Upscale4xBlock",
                        Upscale4xBlock.builder()
                                .setChannels(c.promptDim(), c.promptDim() / 4, c.maskFeatureDim())
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageEncoderVitBlock getVit() {
        return vit;
    }

    public ResNetBranchBlock getResNet() {
        return resnet;
    }

    /** adapters_in.0..3 (fusion adapters, tap order). */
    public List<FusionAdapterBlock> getAdapters() {
        return List.copyOf(adapters);
    }

    /** adapters_bridge.0..2. */
    public List<Upscale4xBlock> getBridges() {
        return List.copyOf(bridges);
    }

    public Upscale4xBlock getEmbeddingEncoder() {
        return embeddingEncoder;
    }

    /**
     * ViT-only switch (the paper's ablation and training stage 1). With fusion disabled the ResNet
     * branch is not run, no adapter output is added to the tokens and the three bridge terms are
     * absent: {@code multi_scale = embedding_encoder(neck(vit(x)))}. This equals the full model
     * with the adapters' and bridges' last convolutions zeroed. Parameters stay in the block (and
     * in checkpoints) either way. Default: enabled.
     */
    public void setFusionEnabled(boolean enabled) {
        this.fusionEnabled = enabled;
    }

    public boolean isFusionEnabled() {
        return fusionEnabled;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.singletonOrThrow();
        // 1. ResNet taps f1..f4 and ViT tokens [B,G,G,E]
        boolean fuse = fusionEnabled;
        NDList taps = fuse ? resnet.forward(ps, inputs, training) : null;
        NDArray t = vit.embed(ps, image, training);
        NDArray[] m = new NDArray[3];
        int next = 0;
        int[] globals = config.globalAttnIndexes();
        for (int k = 0; k < 4; k++) {
            // 2a. window layers before global layer g_k
            for (; next < globals[k]; next++) {
                t = vit.layer(next).forward(ps, new NDList(t), training).singletonOrThrow();
            }
            // 2b. fuse: A_k(f_{k+1}) [B,E,G,G] → [B,G,G,E], added to the tokens
            if (fuse) {
                NDArray fused =
                        adapters.get(k)
                                .forward(ps, new NDList(taps.get(k)), training)
                                .singletonOrThrow();
                t = t.add(fused.transpose(0, 2, 3, 1));
            }
            // 2c. the global layer itself
            t = vit.layer(next++).forward(ps, new NDList(t), training).singletonOrThrow();
            // 2d. bridge (reversed index): tokens → [B,E,G,G] → m_{2-k} [B,P/8,4G,4G]
            if (fuse && k < 3) {
                m[2 - k] =
                        bridges.get(2 - k)
                                .forward(ps, new NDList(t.transpose(0, 3, 1, 2)), training)
                                .singletonOrThrow();
            }
        }
        for (; next < vit.depth(); next++) {
            t = vit.layer(next).forward(ps, new NDList(t), training).singletonOrThrow();
        }
        // 3. neck: [B,P,G,G]
        NDArray embeddings = vit.neck(ps, t, training);
        // 4. multi-scale feature [B,P/8,4G,4G]
        NDArray multiScale =
                embeddingEncoder.forward(ps, new NDList(embeddings), training).singletonOrThrow();
        if (fuse) {
            multiScale = multiScale.add(m[0]).add(m[1]).add(m[2]);
        }
        return new NDList(embeddings, multiScale);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape image = shapes[0];
        long b = image.get(0);
        int g = config.gridSize();
        vit.initialize(manager, dataType, image);
        resnet.initialize(manager, dataType, image);
        Shape[] taps = resnet.getOutputShapes(new Shape[] {image});
        for (int k = 0; k < 4; k++) {
            adapters.get(k).initialize(manager, dataType, taps[k]);
        }
        for (Upscale4xBlock bridge : bridges) {
            bridge.initialize(manager, dataType, new Shape(b, config.vitDim(), g, g));
        }
        embeddingEncoder.initialize(manager, dataType, new Shape(b, config.promptDim(), g, g));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        int g = config.gridSize();
        return new Shape[] {
            new Shape(b, config.promptDim(), g, g),
            new Shape(b, config.maskFeatureDim(), 4L * g, 4L * g)
        };
    }

    /** Builder: {@code setConfig} is required. */
    public static final class Builder {
        private SamUnetConfig config;

        public Builder setConfig(SamUnetConfig config) {
            this.config = config;
            return this;
        }

        public SamUnetImageEncoderBlock build() {
            if (config == null) {
                throw new IllegalArgumentException("SamUnetImageEncoderBlock: call setConfig");
            }
            return new SamUnetImageEncoderBlock(this);
        }
    }
}
