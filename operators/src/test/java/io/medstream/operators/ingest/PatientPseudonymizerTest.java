package io.medstream.operators.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientPseudonymizerTest {

    @Test
    void matchesRfc4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
        assertThat(new PatientPseudonymizer("Jefe").pseudonym("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void isStablePerSecretAndTrimsPadding() {
        PatientPseudonymizer a = new PatientPseudonymizer("site-a");
        assertThat(a.pseudonym("PAT123 ")).isEqualTo(a.pseudonym("PAT123"));
        assertThat(a.pseudonym("PAT123"))
                .isNotEqualTo(new PatientPseudonymizer("site-b").pseudonym("PAT123"));
        assertThat(a.pseudonym("PAT123")).doesNotContain("PAT123").hasSize(64);
        assertThat(a.pseudonym(null)).isEqualTo(a.pseudonym(""));
    }
}
