package io.medstream.phantom;

import io.medstream.models.vocabulary.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PhantomLesionTest {

    private static final int SLICES = 200;
    private static final List<PhantomSlice> SAMPLE = new ArrayList<>();

    @BeforeAll
    static void generate() {
        PhantomGenerator gen = new PhantomGenerator();
        for (int i = 0; i < SLICES; i++) {
            SAMPLE.add(gen.generate(2024L, i));
        }
    }

    @Test
    void lesionCountIsWithinZeroToThreeAndEveryCountOccurs() {
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (PhantomSlice s : SAMPLE) {
            int n = s.findings().size();
            assertThat(n).isBetween(0, 3);
            histogram.merge(n, 1, Integer::sum);
            long lesionMasks =
                    s.masks().keySet().stream().filter(k -> k.startsWith("lesion_")).count();
            assertThat(lesionMasks).isEqualTo(n);
        }
        assertThat(histogram.keySet()).as("histogram %s", histogram).containsExactly(0, 1, 2, 3);
        for (int count : histogram.values()) {
            assertThat(count).as("histogram %s", histogram).isGreaterThanOrEqualTo(SLICES / 10);
        }
    }

    @Test
    void bothModalitiesAndRegionsOccur() {
        assertThat(SAMPLE.stream().map(PhantomSlice::modality).distinct()).hasSize(2);
        assertThat(SAMPLE.stream().map(PhantomSlice::region).distinct()).hasSize(2);
        for (PhantomSlice s : SAMPLE) {
            assertThat(s.pixelSpacingMm()).isBetween(0.6, 1.0);
        }
    }

    @Test
    void everyStructureIsNonEmptyAndInsideTheBody() {
        for (PhantomSlice s : SAMPLE) {
            Mask body = s.mask("body");
            assertThat(body.area()).isGreaterThan(s.rows() * s.columns() / 4);
            // the body does not touch the image border: air all around
            int[] bb = body.boundingBox();
            assertThat(bb[0]).isPositive();
            assertThat(bb[1]).isPositive();
            assertThat(bb[2]).isLessThan(s.rows() - 1);
            assertThat(bb[3]).isLessThan(s.columns() - 1);
            for (Anatomy.OrganSpec spec : Anatomy.specs(s.region())) {
                Mask organ = s.mask(spec.name());
                assertThat(organ.area()).as("%s in %s", spec.name(), s).isGreaterThan(20);
                assertThat(organ.isInside(body)).isTrue();
            }
        }
    }

    @Test
    void eachLesionLiesInsideItsOrganAndTheBodyAndLesionsDoNotOverlap() {
        int total = 0;
        for (PhantomSlice s : SAMPLE) {
            List<Mask> lesions = new ArrayList<>();
            for (LesionFinding f : s.findings()) {
                Mask m = s.mask(f.id());
                assertThat(m.area()).isPositive().isEqualTo(f.areaPixels());
                assertThat(m.isInside(s.mask(f.organ())))
                        .as("%s inside %s", f.id(), f.organ())
                        .isTrue();
                assertThat(m.isInside(s.mask("body"))).isTrue();
                for (Mask other : lesions) {
                    assertThat(m.isDisjoint(other)).isTrue();
                }
                lesions.add(m);
                total++;
            }
        }
        assertThat(total).isGreaterThan(SLICES);
    }

    @Test
    void findingGeometryIsConsistentWithTheMask() {
        double minSeen = Double.MAX_VALUE;
        double maxSeen = 0;
        for (PhantomSlice s : SAMPLE) {
            double spacing = s.pixelSpacingMm();
            for (LesionFinding f : s.findings()) {
                Mask m = s.mask(f.id());
                double maskDiameterMm = m.longestDiameterPixels() * spacing;
                assertThat(f.longestDiameterMm()).as("%s", f).isBetween(3.0, 40.0);
                assertThat(Math.abs(maskDiameterMm - f.longestDiameterMm()))
                        .as("mask diameter %.2f mm vs finding %s", maskDiameterMm, f)
                        .isLessThanOrEqualTo(2.0 * spacing);
                double[] c = m.centroid();
                assertThat(f.centroidRow()).isEqualTo(c[0]);
                assertThat(f.centroidCol()).isEqualTo(c[1]);
                assertThat(new int[] {f.minRow(), f.minCol(), f.maxRow(), f.maxCol()})
                        .containsExactly(m.boundingBox());
                // radiological convention: patient right = image left
                double mid = (s.columns() - 1) / 2.0;
                double band = 0.04 * s.columns();
                Side expected =
                        c[1] < mid - band
                                ? Side.RIGHT
                                : c[1] > mid + band ? Side.LEFT : Side.MIDLINE;
                assertThat(f.side()).as("%s", f).isEqualTo(expected);
                minSeen = Math.min(minSeen, f.longestDiameterMm());
                maxSeen = Math.max(maxSeen, f.longestDiameterMm());
            }
        }
        assertThat(minSeen).as("smallest lesion").isLessThan(6.0);
        assertThat(maxSeen).as("largest lesion").isGreaterThan(25.0);
    }

    @Test
    void lesionsAppearInSeveralOrgansOnBothSides() {
        Map<String, Integer> organs = new TreeMap<>();
        Map<Side, Integer> sides = new TreeMap<>();
        for (PhantomSlice s : SAMPLE) {
            for (LesionFinding f : s.findings()) {
                organs.merge(f.organ(), 1, Integer::sum);
                sides.merge(f.side(), 1, Integer::sum);
                if (f.organ().endsWith("_right") || f.organ().equals("liver")) {
                    assertThat(f.side()).as("%s", f).isNotEqualTo(Side.LEFT);
                }
                if (f.organ().endsWith("_left") || f.organ().equals("spleen")) {
                    assertThat(f.side()).as("%s", f).isNotEqualTo(Side.RIGHT);
                }
            }
        }
        assertThat(organs.keySet())
                .as("%s", organs)
                .contains(
                        "liver",
                        "spleen",
                        "kidney_left",
                        "kidney_right",
                        "lung_left",
                        "lung_right");
        assertThat(sides.keySet()).contains(Side.LEFT, Side.RIGHT);
    }
}
