package io.medstream.operators.segment;

import io.medstream.schemas.RleMask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Run-length coding as {@code RleMask} defines it, against hand-computed vectors. */
class RleMasksTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void runsAlternateStartingWithBackground() {
        // row-major 2x3: F T T / T F F → 1 background, 3 foreground, 2 background
        RleMask rle = RleMasks.encode(new boolean[] {F, T, T, T, F, F}, 2, 3);
        assertThat(rle.getRows()).isEqualTo(2);
        assertThat(rle.getColumns()).isEqualTo(3);
        assertThat(rle.getCounts()).containsExactly(1, 3, 2);
    }

    @Test
    void leadingForegroundStartsWithAnEmptyBackgroundRun() {
        assertThat(RleMasks.encode(new boolean[] {T, T, F, T}, 2, 2).getCounts())
                .containsExactly(0, 2, 1, 1);
    }

    @Test
    void allBackgroundIsOneRun() {
        assertThat(RleMasks.encode(new boolean[6], 2, 3).getCounts()).containsExactly(6);
    }

    @Test
    void allForegroundIsAnEmptyBackgroundRunAndOneForegroundRun() {
        assertThat(RleMasks.encode(new boolean[] {T, T, T, T}, 2, 2).getCounts())
                .containsExactly(0, 4);
    }

    @Test
    void decodeInvertsEncode() {
        Random random = new Random(7);
        boolean[] mask = new boolean[13 * 17];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextInt(3) == 0;
        }
        assertThat(RleMasks.decode(RleMasks.encode(mask, 13, 17))).isEqualTo(mask);
        assertThat(RleMasks.decode(new RleMask(2, 2, List.of(0, 2, 1, 1))))
                .containsExactly(T, T, F, T);
    }

    @Test
    void aMaskOfTheWrongSizeIsRejected() {
        assertThatThrownBy(() -> RleMasks.encode(new boolean[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 pixels, not 2x3");
    }

    @Test
    void invalidRunsAreRejected() {
        // negative run
        assertThatThrownBy(() -> RleMasks.decode(new RleMask(2, 2, List.of(1, -1, 4))))
                .isInstanceOf(IllegalArgumentException.class);
        // runs past the end
        assertThatThrownBy(() -> RleMasks.decode(new RleMask(2, 2, List.of(3, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds 4 pixels");
        // runs short of the end
        assertThatThrownBy(() -> RleMasks.decode(new RleMask(2, 2, List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cover 3 of 4 pixels");
    }
}
