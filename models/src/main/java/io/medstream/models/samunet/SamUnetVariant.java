package io.medstream.models.samunet;

import java.util.Locale;

/**
 * Registry of SAM-UNet builds (cf. segment-anything's {@code sam_model_registry}).
 *
 * <ul>
 *   <li>{@code vit_b_r34}: SAM ViT-B at 256 + torchvision ResNet-34; 116,019,884 parameters.
 *   <li>{@code vit_b_r50}: SAM ViT-B at 256 + torchvision ResNet-50; 138,428,204 parameters.
 *   <li>{@code tiny}: the same architecture scaled down for CPU training and tests: ViT width 128,
 *       depth 8 (window layers 0,2,4,6, global 1,3,5,7, window 14 so the 16→28 padding is kept),
 *       prompt/decoder width 128, slim basic-block ResNet (16/32/64/128, one unit per stage). Depth
 *       8 rather than 4 because the architecture needs four global layers (one per ResNet tap).
 * </ul>
 */
public enum SamUnetVariant {
    VIT_B_R34(
            new SamUnetConfig(
                    256,
                    16,
                    768,
                    12,
                    12,
                    3072,
                    14,
                    new int[] {2, 5, 8, 11},
                    256,
                    8,
                    2048,
                    false,
                    64,
                    new int[] {64, 128, 256, 512},
                    new int[] {3, 4, 6, 3})),
    VIT_B_R50(
            new SamUnetConfig(
                    256,
                    16,
                    768,
                    12,
                    12,
                    3072,
                    14,
                    new int[] {2, 5, 8, 11},
                    256,
                    8,
                    2048,
                    true,
                    64,
                    new int[] {64, 128, 256, 512},
                    new int[] {3, 4, 6, 3})),
    TINY(
            new SamUnetConfig(
                    256,
                    16,
                    128,
                    8,
                    4,
                    512,
                    14,
                    new int[] {1, 3, 5, 7},
                    128,
                    4,
                    512,
                    false,
                    16,
                    new int[] {16, 32, 64, 128},
                    new int[] {1, 1, 1, 1}));

    private final SamUnetConfig config;

    SamUnetVariant(SamUnetConfig config) {
        this.config = config;
    }

    public SamUnetConfig config() {
        return config;
    }

    /** Registry name: {@code vit_b_r34}, {@code vit_b_r50}, {@code tiny}. */
    public String registryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a variant up by registry name (case-insensitive). */
    public static SamUnetVariant fromName(String name) {
        for (SamUnetVariant v : values()) {
            if (v.registryName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "Unknown SAM-UNet variant '" + name + "'; use vit_b_r34, vit_b_r50 or tiny");
    }
}
