package io.medstream.models.samunet;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Hyper-parameters of one SAM-UNet build. Official values come from {@link SamUnetVariant}; every
 * derived width follows the reference (HQ-SAM rules: bridge mid = {@code promptDim}, multi-scale
 * channels = {@code promptDim/8}, upscaling mid = {@code promptDim/4}).
 *
 * @param imageSize input side (256)
 * @param patchSize ViT patch side (16), so the token grid is {@code imageSize/patchSize}
 * @param vitDim ViT width (768)
 * @param vitDepth number of ViT layers (12)
 * @param vitHeads ViT heads (12)
 * @param vitMlpDim ViT MLP hidden width (3072)
 * @param windowSize window side of non-global layers (14)
 * @param globalAttnIndexes exactly four global layers; ResNet tap k is added before the k-th
 * @param promptDim neck output / prompt / two-way-transformer width (256)
 * @param decoderHeads two-way transformer heads (8)
 * @param decoderMlpDim two-way transformer MLP width (2048)
 * @param bottleneck ResNet-50 style bottleneck units (expansion 4) instead of basic units
 * @param resnetStem stem width (64)
 * @param resnetWidths base width of stages 1..4 ({64,128,256,512})
 * @param resnetBlocks units per stage ({3,4,6,3})
 */
public record SamUnetConfig(
        int imageSize,
        int patchSize,
        int vitDim,
        int vitDepth,
        int vitHeads,
        int vitMlpDim,
        int windowSize,
        int[] globalAttnIndexes,
        int promptDim,
        int decoderHeads,
        int decoderMlpDim,
        boolean bottleneck,
        int resnetStem,
        int[] resnetWidths,
        int[] resnetBlocks)
        implements Serializable {

    public SamUnetConfig {
        if (globalAttnIndexes.length != 4) {
            throw new IllegalArgumentException(
                    "SAM-UNet fuses four ResNet taps before four global layers; got "
                            + Arrays.toString(globalAttnIndexes));
        }
        for (int g : globalAttnIndexes) {
            if (g < 0 || g >= vitDepth) {
                throw new IllegalArgumentException(
                        "global layer " + g + " outside depth " + vitDepth);
            }
        }
        if (resnetWidths.length != 4 || resnetBlocks.length != 4) {
            throw new IllegalArgumentException("ResNet needs 4 stage widths and 4 block counts");
        }
        if (imageSize % patchSize != 0 || vitDim % vitHeads != 0 || promptDim % 8 != 0) {
            throw new IllegalArgumentException("inconsistent SAM-UNet sizes: " + this);
        }
        globalAttnIndexes = globalAttnIndexes.clone();
        resnetWidths = resnetWidths.clone();
        resnetBlocks = resnetBlocks.clone();
    }

    /** Token grid side: 16 at 256 input. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Channels of the multi-scale feature and of the upscaled mask features (32). */
    public int maskFeatureDim() {
        return promptDim / 8;
    }

    /** Channels of ResNet tap f{stage} (stage 1..4). */
    public int tapChannels(int stage) {
        return resnetWidths[stage - 1] * (bottleneck ? 4 : 1);
    }

    /** Whether ViT layer {@code i} uses global attention. */
    public boolean isGlobal(int layer) {
        return Arrays.stream(globalAttnIndexes).anyMatch(g -> g == layer);
    }

    /** Value equality (the record default compares the int[] components by reference). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SamUnetConfig c)) {
            return false;
        }
        return imageSize == c.imageSize
                && patchSize == c.patchSize
                && vitDim == c.vitDim
                && vitDepth == c.vitDepth
                && vitHeads == c.vitHeads
                && vitMlpDim == c.vitMlpDim
                && windowSize == c.windowSize
                && Arrays.equals(globalAttnIndexes, c.globalAttnIndexes)
                && promptDim == c.promptDim
                && decoderHeads == c.decoderHeads
                && decoderMlpDim == c.decoderMlpDim
                && bottleneck == c.bottleneck
                && resnetStem == c.resnetStem
                && Arrays.equals(resnetWidths, c.resnetWidths)
                && Arrays.equals(resnetBlocks, c.resnetBlocks);
    }

    @Override
    public int hashCode() {
        int h =
                Objects.hash(
                        imageSize,
                        patchSize,
                        vitDim,
                        vitDepth,
                        vitHeads,
                        vitMlpDim,
                        windowSize,
                        promptDim,
                        decoderHeads,
                        decoderMlpDim,
                        bottleneck,
                        resnetStem);
        h = 31 * h + Arrays.hashCode(globalAttnIndexes);
        h = 31 * h + Arrays.hashCode(resnetWidths);
        return 31 * h + Arrays.hashCode(resnetBlocks);
    }

    /** Accessors return copies so the configuration stays immutable. */
    @Override
    public int[] globalAttnIndexes() {
        return globalAttnIndexes.clone();
    }

    @Override
    public int[] resnetWidths() {
        return resnetWidths.clone();
    }

    @Override
    public int[] resnetBlocks() {
        return resnetBlocks.clone();
    }

    @Override
    public String toString() {
        return "SamUnetConfig[vit="
                + vitDim
                + "x"
                + vitDepth
                + ", heads="
                + vitHeads
                + ", global="
                + Arrays.toString(globalAttnIndexes)
                + ", promptDim="
                + promptDim
                + ", resnet="
                + (bottleneck ? "bottleneck" : "basic")
                + Arrays.toString(resnetWidths)
                + Arrays.toString(resnetBlocks)
                + "]";
    }
}
