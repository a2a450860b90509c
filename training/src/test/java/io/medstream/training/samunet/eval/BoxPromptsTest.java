package io.medstream.training.samunet.eval;

import io.medstream.training.samunet.eval.SamUnetEvaluator.BoxPrompts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evaluation's prompt boxes: tight, grown by a margin, or shifted as in training. */
class BoxPromptsTest {

    private static final int[] TIGHT = {40, 50, 60, 58}; // w 20, h 8 → jitter m = min(5, 4) = 4

    @Test
    void tightAndLooseBoxesAreExact() {
        assertThat(BoxPrompts.parse("tight").box(TIGHT, 7, 0, 0)).containsExactly(40, 50, 60, 58);
        assertThat(BoxPrompts.parse("loose:3").box(TIGHT, 7, 0, 0)).containsExactly(37, 47, 63, 61);
        assertThat(BoxPrompts.parse("loose:3").toString()).isEqualTo("loose:3");
        assertThat(BoxPrompts.TIGHT.toString()).isEqualTo("tight");
    }

    @Test
    void jitterIsATranslationWithinTheTrainingRangeAndSeeded() {
        BoxPrompts j = BoxPrompts.parse("jitter");
        boolean moved = false;
        for (int index = 0; index < 50; index++) {
            double[] b = j.box(TIGHT, 7, index, 1);
            double dx = b[0] - TIGHT[0];
            double dy = b[1] - TIGHT[1];
            assertThat(b[2] - b[0]).isEqualTo(20.0);
            assertThat(b[3] - b[1]).isEqualTo(8.0);
            assertThat(dx).isBetween(-4.0, 3.0); // uniform integer in [−m, m)
            assertThat(dy).isBetween(-4.0, 3.0);
            moved |= dx != 0 || dy != 0;
            assertThat(j.box(TIGHT, 7, index, 1)).containsExactly(b);
        }
        assertThat(moved).isTrue();
    }

    @Test
    void badSpecificationsAreRejected() {
        for (String bad : new String[] {"wide", "loose:-1", "loose:x", "jitter:2", "tight:1"}) {
            assertThatThrownBy(() -> BoxPrompts.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected tight, loose:N");
        }
    }
}
