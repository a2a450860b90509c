package io.medstream.models.report.io;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrafterVersionsTest {

    @Test
    void iterationIsTheDpoRoundOfTheVersionAndZeroForTheBaseOrAnyOtherName() {
        assertThat(DrafterVersions.iteration("dpo3")).isEqualTo(3);
        assertThat(DrafterVersions.iteration("csr-dpo12-2026-11")).isEqualTo(12);
        assertThat(DrafterVersions.iteration("base")).isZero();
        assertThat(DrafterVersions.iteration("shipped-0123456789ab")).isZero();
        assertThat(DrafterVersions.iteration("dpo")).isZero();
        assertThat(DrafterVersions.iteration(null)).isZero();
    }

    @Test
    void moreThanSixDigitsIsNotAnIterationRatherThanAnOverflow() {
        assertThat(DrafterVersions.dpoIteration("dpo999999")).isEqualTo(OptionalInt.of(999999));
        assertThat(DrafterVersions.dpoIteration("dpo12345678901")).isEmpty();
    }

    @Test
    void pairsFromADrafterTrainTheNextIteration() {
        assertThat(DrafterVersions.nextIteration("base")).isEqualTo(1);
        assertThat(DrafterVersions.nextIteration("dpo1")).isEqualTo(2);
        assertThat(DrafterVersions.nextIteration("dpo41")).isEqualTo(42);
        assertThat(DrafterVersions.nextIteration("shipped-0123")).isZero();
        assertThat(DrafterVersions.nextIteration(null)).isZero();
    }

    @Test
    void dpoNamesTheFolderOfAnIterationAndRoundTrips() {
        assertThat(DrafterVersions.dpo(3)).isEqualTo("dpo3");
        assertThat(DrafterVersions.iteration(DrafterVersions.dpo(17))).isEqualTo(17);
        assertThatThrownBy(() -> DrafterVersions.dpo(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start at 1");
    }
}
