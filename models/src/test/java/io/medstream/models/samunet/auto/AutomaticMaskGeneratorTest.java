package io.medstream.models.samunet.auto;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Grid, IoU and NMS of the automatic mode (no model needed). */
class AutomaticMaskGeneratorTest {

    @Test
    void gridCoversTheImageAtEveryScale() {
        List<double[]> boxes =
                AutomaticMaskGenerator.gridBoxes(64, 64, new int[] {16, 64, 128}, 0.5);
        // 16 px, stride 8: 7×7 = 49; 64 px: 1; 128 px: skipped (larger than the image)
        assertThat(boxes).hasSize(50);
        assertThat(boxes.get(0)).containsExactly(0, 0, 16, 16);
        assertThat(boxes.get(48)).containsExactly(48, 48, 64, 64);
        assertThat(boxes.get(49)).containsExactly(0, 0, 64, 64);
    }

    @Test
    void boxIouAndNms() {
        assertThat(
                        AutomaticMaskGenerator.boxIou(
                                new double[] {0, 0, 10, 10}, new double[] {5, 0, 15, 10}))
                .isCloseTo(50.0 / 150.0, offset(1e-12));
        assertThat(
                        AutomaticMaskGenerator.boxIou(
                                new double[] {0, 0, 1, 1}, new double[] {2, 2, 3, 3}))
                .isZero();
        AutoMask a = new AutoMask(new boolean[0], new int[] {0, 0, 10, 10}, null, 0.9f, 0.9, 100);
        AutoMask b = new AutoMask(new boolean[0], new int[] {1, 0, 10, 10}, null, 0.95f, 0.95, 90);
        AutoMask c = new AutoMask(new boolean[0], new int[] {20, 20, 30, 30}, null, 0.5f, 0.9, 100);
        List<AutoMask> kept = AutomaticMaskGenerator.nms(List.of(a, b, c), 0.7);
        assertThat(kept).containsExactly(b, c);
    }
}
