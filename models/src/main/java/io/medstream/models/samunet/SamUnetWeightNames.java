package io.medstream.models.samunet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Explicit map from the official SAM-UNet {@code state_dict} keys (PyTorch dot notation, reference
 * commit a0b84c5) to the positional DJL parameter paths of {@link SamUnetBlock} (e.g. {@code
 * image_encoder.sam_img_encoder.blocks.0.attn.qkv.weight} → {@code
 * 01SamUnetImageEncoderBlock_01ImageEncoderVitBlock_02VitLayerBlock_02RelPosAttentionBlock_01Linear_weight}).
 *
 * <p>The DJL paths follow the child insertion order documented on each block; a reorder there must
 * be mirrored here (the completeness test against the key fixtures catches it). BatchNorm's {@code
 * num_batches_tracked} has no DJL counterpart and is listed in {@link #untrackedKeys()}: ignored on
 * import, written as int64 0 on export. Suffixes: DJL LayerNorm/BatchNorm use {@code
 * gamma/beta/runningMean/runningVar} for PyTorch's {@code weight/bias/running_mean/running_var}.
 */
public final class SamUnetWeightNames {

    private static final String ENC = "01SamUnetImageEncoderBlock_";
    private static final String VIT = ENC + "01ImageEncoderVitBlock_";
    private static final String RES = ENC + "02ResNetBranchBlock_";
    private static final String PROMPT = "02PromptEncoderBlock_";
    private static final String DEC = "03MedMaskDecoderBlock_";
    private static final String TRANSFORMER = DEC + "01TwoWayTransformerBlock_";

    private static final String CONV = "Conv2d";
    private static final String LN2D = "LayerNorm2dBlock";
    private static final String UP = "UpsampleConv2x2Block";

    private final Map<String, String> officialToDjl = new LinkedHashMap<>();
    private final Set<String> untracked = new LinkedHashSet<>();

    private SamUnetWeightNames(SamUnetConfig c) {
        vit(c);
        promptEncoder();
        maskDecoder(c);
        resnet(c);
        adapters();
        upscale4x("adapters_bridge.0.", ENC + "07Upscale4xBlock_");
        upscale4x("adapters_bridge.1.", ENC + "08Upscale4xBlock_");
        upscale4x("adapters_bridge.2.", ENC + "09Upscale4xBlock_");
        upscale4x("embedding_encoder.", ENC + "10Upscale4xBlock_");
    }

    /** The map for one configuration (official variants or {@code tiny}). */
    public static SamUnetWeightNames forConfig(SamUnetConfig config) {
        return new SamUnetWeightNames(config);
    }

    public static SamUnetWeightNames forVariant(SamUnetVariant variant) {
        return forConfig(variant.config());
    }

    /** Official key → DJL parameter path, in official order; unmodifiable. */
    public Map<String, String> officialToDjl() {
        return Collections.unmodifiableMap(officialToDjl);
    }

    /** Official keys with no DJL parameter ({@code num_batches_tracked}); unmodifiable. */
    public Set<String> untrackedKeys() {
        return Collections.unmodifiableSet(untracked);
    }

    /** DJL path for an official key, or {@code null} if the key is unknown or untracked. */
    public String djlName(String officialKey) {
        return officialToDjl.get(officialKey);
    }

    private static String idx(int i) {
        return String.format("%02d", i);
    }

    private void put(String official, String djl) {
        if (officialToDjl.put(official, djl) != null) {
            throw new IllegalStateException("duplicate official key " + official);
        }
    }

    /** weight/bias of a block that keeps PyTorch names (Conv2d, Linear, LN2d, ConvT). */
    private void wb(String official, String djl, boolean bias) {
        put(official + "weight", djl + "weight");
        if (bias) {
            put(official + "bias", djl + "bias");
        }
    }

    /** DJL LayerNorm: gamma/beta. */
    private void layerNorm(String official, String djl) {
        put(official + "weight", djl + "gamma");
        put(official + "bias", djl + "beta");
    }

    /** DJL BatchNorm: gamma/beta/runningMean/runningVar; num_batches_tracked untracked. */
    private void batchNorm(String official, String djl) {
        layerNorm(official, djl);
        put(official + "running_mean", djl + "runningMean");
        put(official + "running_var", djl + "runningVar");
        untracked.add(official + "num_batches_tracked");
    }

    private void vit(SamUnetConfig c) {
        String o = "image_encoder.sam_img_encoder.";
        put(o + "pos_embed", VIT + "posEmbed");
        wb(o + "patch_embed.proj.", VIT + "01PatchEmbedBlock_01Conv2d_", true);
        for (int i = 0; i < c.vitDepth(); i++) {
            String ob = o + "blocks." + i + ".";
            String db = VIT + idx(i + 2) + "VitLayerBlock_";
            layerNorm(ob + "norm1.", db + "01LayerNorm_");
            put(ob + "attn.rel_pos_h", db + "02RelPosAttentionBlock_relPosH");
            put(ob + "attn.rel_pos_w", db + "02RelPosAttentionBlock_relPosW");
            wb(ob + "attn.qkv.", db + "02RelPosAttentionBlock_01Linear_", true);
            wb(ob + "attn.proj.", db + "02RelPosAttentionBlock_02Linear_", true);
            layerNorm(ob + "norm2.", db + "03LayerNorm_");
            wb(ob + "mlp.lin1.", db + "04MlpBlock_01Linear_", true);
            wb(ob + "mlp.lin2.", db + "04MlpBlock_02Linear_", true);
        }
        String neck = VIT + idx(c.vitDepth() + 2) + "SequentialBlock_";
        wb(o + "neck.0.", neck + "01Conv2d_", false);
        wb(o + "neck.1.", neck + "02LayerNorm2dBlock_", true);
        wb(o + "neck.2.", neck + "03Conv2d_", false);
        wb(o + "neck.3.", neck + "04LayerNorm2dBlock_", true);
    }

    private void promptEncoder() {
        String o = "prompt_encoder.sam_prompt_encoder.";
        put(
                o + "pe_layer.positional_encoding_gaussian_matrix",
                PROMPT + "01RandomPositionEmbeddingBlock_gaussianMatrix");
        for (int i = 0; i < 4; i++) {
            put(o + "point_embeddings." + i + ".weight", PROMPT + "pointEmbed" + i);
        }
        put(o + "not_a_point_embed.weight", PROMPT + "notAPointEmbed");
        put(o + "no_mask_embed.weight", PROMPT + "noMaskEmbed");
        sequential(
                o + "mask_downscaling.",
                PROMPT + "02SequentialBlock_",
                new int[] {0, 1, 3, 4, 6},
                new String[] {CONV, LN2D, CONV, LN2D, CONV});
    }

    /** Layers at PyTorch indices {@code idx} map to DJL children {@code idx+1}. */
    private void sequential(String official, String djl, int[] idx, String[] types) {
        for (int k = 0; k < idx.length; k++) {
            wb(official + idx[k] + ".", djl + idx(idx[k] + 1) + types[k] + "_", true);
        }
    }

    private void attention(String official, String djl) {
        String[] proj = {"q_proj", "k_proj", "v_proj", "out_proj"};
        for (int p = 0; p < 4; p++) {
            wb(official + proj[p] + ".", djl + idx(p + 1) + "Linear_", true);
        }
    }

    private void maskDecoder(SamUnetConfig c) {
        String t = "mask_decoder.sam_mask_decoder.transformer.";
        int depth = 2;
        for (int i = 0; i < depth; i++) {
            String ol = t + "layers." + i + ".";
            String dl = TRANSFORMER + idx(i + 1) + "TwoWayAttentionLayerBlock_";
            attention(ol + "self_attn.", dl + "01DownsampledAttentionBlock_");
            layerNorm(ol + "norm1.", dl + "02LayerNorm_");
            attention(ol + "cross_attn_token_to_image.", dl + "03DownsampledAttentionBlock_");
            layerNorm(ol + "norm2.", dl + "04LayerNorm_");
            wb(ol + "mlp.lin1.", dl + "05MlpBlock_01Linear_", true);
            wb(ol + "mlp.lin2.", dl + "05MlpBlock_02Linear_", true);
            layerNorm(ol + "norm3.", dl + "06LayerNorm_");
            layerNorm(ol + "norm4.", dl + "07LayerNorm_");
            attention(ol + "cross_attn_image_to_token.", dl + "08DownsampledAttentionBlock_");
        }
        attention(
                t + "final_attn_token_to_image.",
                TRANSFORMER + idx(depth + 1) + "DownsampledAttentionBlock_");
        layerNorm(t + "norm_final_attn.", TRANSFORMER + idx(depth + 2) + "LayerNorm_");
        upscale4x("mask_decoder.sam_mask_decoder.output_upscaling.", DEC + "02Upscale4xBlock_");
        put("mask_decoder.med_token.weight", DEC + "medToken");
        for (int i = 0; i < 3; i++) {
            wb(
                    "mask_decoder.hf_mlp.layers." + i + ".",
                    DEC + "03MlpBlock_" + idx(i + 1) + "Linear_",
                    true);
        }
        sequential(
                "mask_decoder.embedding_maskfeature.",
                DEC + "04SequentialBlock_",
                new int[] {0, 1, 3},
                new String[] {CONV, LN2D, CONV});
    }

    /** ConvT (0), LN2d (1), ConvT (3) → children 01, 02, 03 of an {@code Upscale4xBlock}. */
    private void upscale4x(String official, String djl) {
        wb(official + "0.", djl + "01" + UP + "_", true);
        wb(official + "1.", djl + "02" + LN2D + "_", true);
        wb(official + "3.", djl + "03" + UP + "_", true);
    }

    private void resnet(SamUnetConfig c) {
        wb("resnet.stage0.0.", RES + "01SequentialBlock_01Conv2d_", false);
        batchNorm("resnet.stage0.1.", RES + "01SequentialBlock_02BatchNorm_");
        int convs = c.bottleneck() ? 3 : 2;
        int in = c.resnetStem();
        for (int s = 1; s <= 4; s++) {
            int out = c.tapChannels(s);
            for (int u = 0; u < c.resnetBlocks()[s - 1]; u++) {
                String ou = "resnet.stage" + s + "." + u + ".";
                String du = RES + idx(s + 1) + "SequentialBlock_" + idx(u + 1) + "ResNetUnitBlock_";
                for (int j = 1; j <= convs; j++) {
                    wb(ou + "conv" + j + ".", du + idx(2 * j - 1) + "Conv2d_", false);
                    batchNorm(ou + "bn" + j + ".", du + idx(2 * j) + "BatchNorm_");
                }
                boolean downsample = u == 0 && (s > 1 || in != out);
                if (downsample) {
                    String dd = du + idx(2 * convs + 1) + "SequentialBlock_";
                    wb(ou + "downsample.0.", dd + "01Conv2d_", false);
                    batchNorm(ou + "downsample.1.", dd + "02BatchNorm_");
                }
                in = out;
            }
        }
    }

    private void adapters() {
        String[][] types = {
            {CONV, LN2D, CONV, LN2D, CONV}, {CONV, LN2D, CONV}, {CONV}, {UP, LN2D, CONV}
        };
        int[][] idx = {{0, 1, 3, 4, 6}, {0, 1, 3}, {0}, {0, 1, 3}};
        for (int k = 0; k < 4; k++) {
            sequential(
                    "adapters_in." + k + ".reshaper.",
                    ENC + idx(k + 3) + "FusionAdapterBlock_",
                    idx[k],
                    types[k]);
        }
    }
}
