package io.medstream.phantom;

import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PhantomIntensityTest {

    /**
     * Realistic CT ranges (HU) for the mean of each structure, independent of the generator's
     * table.
     */
    private static final Map<String, double[]> CT_RANGES =
            Map.of(
                    "liver", new double[] {45, 65},
                    "spleen", new double[] {35, 55},
                    "kidney_right", new double[] {20, 40},
                    "kidney_left", new double[] {20, 40},
                    "aorta", new double[] {30, 50},
                    "heart", new double[] {30, 50},
                    "vertebra", new double[] {400, 1000},
                    "lung_right", new double[] {-900, -800},
                    "lung_left", new double[] {-900, -800});

    @Test
    void ctStructuresHaveRealisticMeanHuNearTheirNominalValue() {
        PhantomGenerator gen = new PhantomGenerator(PhantomConfig.defaults().withCtFraction(1.0));
        int checked = 0;
        for (int i = 0; i < 24; i++) {
            PhantomSlice s = gen.generate(11L, i);
            assertThat(s.modality()).isEqualTo(Modality.CT);
            double[] hu = s.modalityValues();
            for (Anatomy.OrganSpec spec : Anatomy.specs(s.region())) {
                double mean = meanOutsideLesions(s, spec.name(), hu);
                double[] range = CT_RANGES.get(spec.name());
                assertThat(mean)
                        .as("%s mean HU in slice %d", spec.name(), i)
                        .isBetween(range[0], range[1]);
                assertThat(Math.abs(mean - spec.tissue().nominal(Modality.CT)))
                        .as("%s mean vs nominal", spec.name())
                        .isLessThanOrEqualTo(tolerance(spec.tissue(), Modality.CT, s));
                checked++;
            }
            // air outside the body
            double air = meanWhere(hu, s.mask("body").toArray(), false);
            assertThat(air).isBetween(-1010.0, -990.0);
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void mrStructuresFollowT1Contrasts() {
        PhantomGenerator gen = new PhantomGenerator(PhantomConfig.defaults().withCtFraction(0.0));
        for (int i = 0; i < 16; i++) {
            PhantomSlice s = gen.generate(12L, i);
            assertThat(s.modality()).isEqualTo(Modality.MR);
            assertThat(s.rescaleIntercept()).isZero();
            assertThat(s.pixelRepresentation()).isZero();
            double[] v = s.modalityValues();
            for (Anatomy.OrganSpec spec : Anatomy.specs(s.region())) {
                double mean = meanOutsideLesions(s, spec.name(), v);
                assertThat(Math.abs(mean - spec.tissue().nominal(Modality.MR)))
                        .as("%s MR mean in slice %d", spec.name(), i)
                        .isLessThanOrEqualTo(tolerance(spec.tissue(), Modality.MR, s));
            }
            if (s.region() == BodyRegion.ABDOMEN) {
                assertThat(meanOutsideLesions(s, "liver", v))
                        .isGreaterThan(meanOutsideLesions(s, "spleen", v));
                assertThat(meanOutsideLesions(s, "aorta", v)).isLessThan(200); // flow void
            }
        }
    }

    @Test
    void ctStorageIsHuPlus1024WithSlope1InterceptMinus1024() {
        PhantomSlice s =
                new PhantomGenerator(PhantomConfig.defaults().withCtFraction(1.0)).generate(3L, 0);
        assertThat(s.rescaleSlope()).isEqualTo(1.0);
        assertThat(s.rescaleIntercept()).isEqualTo(-1024.0);
        assertThat(s.pixelRepresentation()).isEqualTo(1);
        assertThat(s.windowCenter()).isEqualTo(40.0);
        assertThat(s.windowWidth()).isEqualTo(400.0);
        short[] stored = s.storedPixels();
        double[] hu = s.modalityValues();
        for (int i = 0; i < stored.length; i++) {
            assertThat(stored[i]).isBetween((short) 0, (short) 4095);
            assertThat(hu[i]).isEqualTo(stored[i] - 1024.0);
        }
        assertThat(PhantomGenerator.toStored(Modality.CT, -1000.0)).isEqualTo((short) 24);
        assertThat(PhantomGenerator.toStored(Modality.CT, -2000.0)).isEqualTo((short) 0);
        assertThat(PhantomGenerator.toStored(Modality.CT, 5000.0)).isEqualTo((short) 4095);
        assertThat(PhantomGenerator.toStored(Modality.CT, 54.5)).isEqualTo((short) 1079);
        assertThat(PhantomGenerator.toStored(Modality.MR, -3.0)).isEqualTo((short) 0);
    }

    @Test
    void lesionsDifferFromTheirOrganInTheStatedDirection() {
        PhantomGenerator gen = new PhantomGenerator();
        int checked = 0;
        for (int i = 0; i < 40; i++) {
            PhantomSlice s = gen.generate(13L, i);
            double[] v = s.modalityValues();
            for (LesionFinding f : s.findings()) {
                double lesionMean = meanWhere(v, s.mask(f.id()).toArray(), true);
                double organMean = meanOutsideLesions(s, f.organ(), v);
                boolean brighter =
                        f.contrast() == LesionContrast.HYPERDENSE
                                || f.contrast() == LesionContrast.HYPERINTENSE;
                assertThat(f.contrast().name())
                        .isIn(
                                s.modality() == Modality.CT
                                        ? new String[] {"HYPODENSE", "HYPERDENSE"}
                                        : new String[] {"HYPOINTENSE", "HYPERINTENSE"});
                double min = s.modality() == Modality.CT ? 25 : 120;
                double margin = 0.6 * min; // noise of small lesions + texture
                if (brighter) {
                    assertThat(lesionMean - organMean).as(f.toString()).isGreaterThan(min - margin);
                } else {
                    assertThat(organMean - lesionMean).as(f.toString()).isGreaterThan(min - margin);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    private static double tolerance(Tissue t, Modality m, PhantomSlice s) {
        // texture is zero-mean over large areas but not exactly: allow half its amplitude, plus
        // noise and rounding
        return 0.5 * t.textureAmplitude(m)
                + 4.0 * PhantomConfig.defaults().noiseSigma(m) / Math.sqrt(50)
                + 1.0;
    }

    static double meanOutsideLesions(PhantomSlice s, String organ, double[] values) {
        boolean[] m = s.mask(organ).toArray();
        for (LesionFinding f : s.findings()) {
            boolean[] l = s.mask(f.id()).toArray();
            for (int i = 0; i < m.length; i++) {
                m[i] &= !l[i];
            }
        }
        return meanWhere(values, m, true);
    }

    static double meanWhere(double[] values, boolean[] mask, boolean inside) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (mask[i] == inside) {
                sum += values[i];
                n++;
            }
        }
        assertThat(n).isPositive();
        return sum / n;
    }
}
