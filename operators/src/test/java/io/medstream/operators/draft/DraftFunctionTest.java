package io.medstream.operators.draft;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the draft stage that need no model. */
class DraftFunctionTest {

    @Test
    void iterationIsTheDpoRoundOfTheDrafterVersionAndZeroForTheBase() {
        assertThat(DraftFunction.iteration("dpo3")).isEqualTo(3);
        assertThat(DraftFunction.iteration("csr-dpo12-2026-11")).isEqualTo(12);
        assertThat(DraftFunction.iteration("base")).isEqualTo(0);
        assertThat(DraftFunction.iteration("shipped-0123456789ab")).isEqualTo(0);
        assertThat(DraftFunction.iteration("dpo")).isEqualTo(0);
    }
}
