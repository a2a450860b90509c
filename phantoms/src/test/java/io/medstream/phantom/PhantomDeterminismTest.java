package io.medstream.phantom;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhantomDeterminismTest {

    private final PhantomGenerator gen = new PhantomGenerator();

    @Test
    void sameSeedAndIndexGiveBitIdenticalSlices() {
        for (int i = 0; i < 6; i++) {
            PhantomSlice a = gen.generate(42L, i);
            PhantomSlice b = new PhantomGenerator(PhantomConfig.defaults()).generate(42L, i);
            assertThat(b.storedPixels()).containsExactly(a.storedPixels());
            assertThat(b.masks()).isEqualTo(a.masks());
            assertThat(b.findings()).isEqualTo(a.findings());
            assertThat(b.pixelSpacingMm()).isEqualTo(a.pixelSpacingMm());
            assertThat(b.modality()).isEqualTo(a.modality());
            assertThat(b.sopInstanceUid()).isEqualTo(a.sopInstanceUid());
        }
    }

    @Test
    void differentSeedsAndIndicesDiffer() {
        PhantomSlice a = gen.generate(42L, 3);
        PhantomSlice otherSeed = gen.generate(43L, 3);
        PhantomSlice otherIndex = gen.generate(42L, 4);
        assertThat(Arrays.equals(a.storedPixels(), otherSeed.storedPixels())).isFalse();
        assertThat(Arrays.equals(a.storedPixels(), otherIndex.storedPixels())).isFalse();
        assertThat(a.sopInstanceUid())
                .isNotEqualTo(otherSeed.sopInstanceUid())
                .isNotEqualTo(otherIndex.sopInstanceUid());
        assertThat(a.seriesInstanceUid()).isNotEqualTo(otherSeed.seriesInstanceUid());
    }

    @Test
    void seriesSlicesShareSeriesAttributesAndCanBeGeneratedAlone() {
        List<PhantomSlice> series = gen.generateSeries(9L, 5L, 4);
        assertThat(series).hasSize(4);
        PhantomSlice first = series.get(0);
        for (int i = 0; i < series.size(); i++) {
            PhantomSlice s = series.get(i);
            assertThat(s.studyInstanceUid()).isEqualTo(first.studyInstanceUid());
            assertThat(s.seriesInstanceUid()).isEqualTo(first.seriesInstanceUid());
            assertThat(s.frameOfReferenceUid()).isEqualTo(first.frameOfReferenceUid());
            assertThat(s.patientId()).isEqualTo("PHANTOM-9-5");
            assertThat(s.modality()).isEqualTo(first.modality());
            assertThat(s.region()).isEqualTo(first.region());
            assertThat(s.pixelSpacingMm()).isEqualTo(first.pixelSpacingMm());
            assertThat(s.instanceNumber()).isEqualTo(i + 1);
            assertThat(s.sliceLocationMm()).isEqualTo(i * 5.0);
            // alone == in the series
            PhantomSlice alone = gen.generateSeriesSlice(9L, 5L, i);
            assertThat(alone.storedPixels()).containsExactly(s.storedPixels());
            assertThat(alone.findings()).isEqualTo(s.findings());
        }
        assertThat(series.stream().map(PhantomSlice::sopInstanceUid).distinct()).hasSize(4);
        assertThat(Arrays.equals(series.get(0).storedPixels(), series.get(1).storedPixels()))
                .isFalse();
        assertThat(gen.generate(9L, 5).storedPixels()).containsExactly(first.storedPixels());
    }

    @Test
    void uidsAreValidUnderThe225Root() {
        PhantomSlice s = gen.generate(Long.MIN_VALUE, Integer.MAX_VALUE);
        for (String uid :
                List.of(
                        s.studyInstanceUid(),
                        s.seriesInstanceUid(),
                        s.sopInstanceUid(),
                        s.frameOfReferenceUid())) {
            assertThat(uid).matches("2\\.25\\.(0|[1-9][0-9]*)").hasSizeLessThanOrEqualTo(64);
        }
        assertThat(s.studyInstanceUid()).isNotEqualTo(s.seriesInstanceUid());
        assertThat(s.patientId()).isEqualTo("PHANTOM-" + Long.MIN_VALUE + "-" + Integer.MAX_VALUE);
    }
}
