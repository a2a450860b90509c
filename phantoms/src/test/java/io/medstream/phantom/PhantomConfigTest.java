package io.medstream.phantom;

import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.Modality;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhantomConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        PhantomConfig c = PhantomConfig.defaults();
        assertThat(c.rows()).isEqualTo(256);
        assertThat(c.columns()).isEqualTo(256);
        assertThat(c.maxLesions()).isEqualTo(3);
        assertThat(c.lesionMinMm()).isEqualTo(3.0);
        assertThat(c.lesionMaxMm()).isEqualTo(40.0);
        assertThat(c.pixelSpacingMinMm()).isEqualTo(0.6);
        assertThat(c.pixelSpacingMaxMm()).isEqualTo(1.0);
    }

    @Test
    void withersChangeOnlyTheirField() {
        PhantomConfig c =
                PhantomConfig.defaults().withSize(384, 320).withMaxLesions(1).withNoise(5, 6);
        assertThat(c.rows()).isEqualTo(384);
        assertThat(c.columns()).isEqualTo(320);
        assertThat(c.maxLesions()).isEqualTo(1);
        assertThat(c.ctNoiseSigmaHu()).isEqualTo(5.0);
        assertThat(c.mrNoiseSigma()).isEqualTo(6.0);
        assertThat(c.withMaxLesions(3).withNoise(10, 12).withSize(256, 256))
                .isEqualTo(PhantomConfig.defaults());
    }

    @Test
    void nonSquareSizesAndOtherSettingsAreHonoured() {
        PhantomConfig c =
                PhantomConfig.defaults()
                        .withSize(200, 320)
                        .withCtFraction(1.0)
                        .withChestFraction(0.0)
                        .withMaxLesions(0)
                        .withPixelSpacingRangeMm(0.7, 0.7)
                        .withSliceThicknessMm(2.5);
        PhantomGenerator gen = new PhantomGenerator(c);
        PhantomSlice s = gen.generate(1L, 0);
        assertThat(s.rows()).isEqualTo(200);
        assertThat(s.columns()).isEqualTo(320);
        assertThat(s.storedPixels()).hasSize(200 * 320);
        assertThat(s.mask("liver").rows()).isEqualTo(200);
        assertThat(s.modality()).isEqualTo(Modality.CT);
        assertThat(s.region()).isEqualTo(BodyRegion.ABDOMEN);
        assertThat(s.findings()).isEmpty();
        assertThat(s.pixelSpacingMm()).isEqualTo(0.7);
        assertThat(gen.generateSeriesSlice(1L, 0, 2).sliceLocationMm()).isEqualTo(5.0);
    }

    @Test
    void zeroNoiseAndTextureGiveExactNominalValues() {
        PhantomGenerator gen =
                new PhantomGenerator(
                        PhantomConfig.defaults()
                                .withNoise(0, 0)
                                .withTextureScale(0)
                                .withCtFraction(1.0)
                                .withMaxLesions(0));
        PhantomSlice s = gen.generate(8L, 1);
        double[] hu = s.modalityValues();
        for (Anatomy.OrganSpec spec : Anatomy.specs(s.region())) {
            boolean[] m = s.mask(spec.name()).toArray();
            for (int i = 0; i < m.length; i++) {
                if (m[i]) {
                    assertThat(hu[i]).isEqualTo(spec.tissue().nominal(Modality.CT));
                }
            }
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> PhantomConfig.defaults().withSize(10, 256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhantomConfig.defaults().withLesionSizeRangeMm(10, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhantomConfig.defaults().withCtFraction(1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
