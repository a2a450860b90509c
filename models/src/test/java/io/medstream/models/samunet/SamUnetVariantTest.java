package io.medstream.models.samunet;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registry and exact parameter counts of the official variants (Shape-level init, no forward). */
class SamUnetVariantTest {

    @Test
    void vitBR34HasTheMeasuredParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.VIT_B_R34, m);
            assertThat(SamUnetTestSupport.learnableParameters(block)).isEqualTo(116_019_884L);
            assertThat(SamUnetTestSupport.learnableParameters(block.getImageEncoder().getVit()))
                    .isEqualTo(86_672_640L);
            assertThat(SamUnetTestSupport.learnableParameters(block.getImageEncoder().getResNet()))
                    .isEqualTo(21_284_672L);
            assertThat(SamUnetTestSupport.learnableParameters(block.getPromptEncoder()))
                    .isEqualTo(6_220L);
            assertThat(SamUnetTestSupport.learnableParameters(block.getMaskDecoder()))
                    .isEqualTo(3_542_368L);
        }
    }

    @Test
    void vitBR50HasTheMeasuredParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.VIT_B_R50, m);
            assertThat(SamUnetTestSupport.learnableParameters(block.getImageEncoder().getResNet()))
                    .isEqualTo(23_508_032L);
            assertThat(SamUnetTestSupport.learnableParameters(block)).isEqualTo(138_428_204L);
        }
    }

    @Test
    void registryNamesRoundTrip() {
        for (SamUnetVariant v : SamUnetVariant.values()) {
            assertThat(SamUnetVariant.fromName(v.registryName())).isSameAs(v);
        }
        assertThat(SamUnetVariant.fromName("VIT_B_R34")).isSameAs(SamUnetVariant.VIT_B_R34);
        assertThatThrownBy(() -> SamUnetVariant.fromName("vit_h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vit_b_r34");
    }

    @Test
    void tinyIsSmall() {
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.TINY, m);
            long n = SamUnetTestSupport.learnableParameters(block);
            System.out.println("tiny learnable parameters: " + n);
            assertThat(n).isBetween(500_000L, 5_000_000L);
        }
    }
}
