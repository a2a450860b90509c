package io.medstream.models.samunet;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BlockFactory builds the registry variant named by the {@code variant} argument. */
class SamUnetBlockFactoryTest {

    @Test
    void buildsNamedVariantAndDefaultsToR34() {
        SamUnetBlockFactory factory = new SamUnetBlockFactory();
        SamUnetBlock tiny = (SamUnetBlock) factory.newBlock(null, null, Map.of("variant", "tiny"));
        assertThat(tiny.getConfig()).isEqualTo(SamUnetVariant.TINY.config());
        SamUnetBlock dflt = (SamUnetBlock) factory.newBlock(null, null, Map.of());
        assertThat(dflt.getConfig()).isEqualTo(SamUnetVariant.VIT_B_R34.config());
        assertThat(GoldenMicroModelTest.MICRO)
                .isEqualTo(
                        new SamUnetConfig(
                                256,
                                16,
                                16,
                                6,
                                2,
                                32,
                                14,
                                new int[] {1, 2, 4, 5},
                                16,
                                2,
                                32,
                                false,
                                4,
                                new int[] {4, 8, 8, 8},
                                new int[] {1, 1, 1, 1}));
        assertThat(GoldenMicroModelTest.MICRO).isNotEqualTo(SamUnetVariant.TINY.config());
        assertThatThrownBy(() -> factory.newBlock(null, null, Map.of("variant", "vit_h")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
