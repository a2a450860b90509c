package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.medstream.models.samunet.image.WindowOps;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Window partitioning, zero padding and rel-pos gathering on small NDArrays. */
class WindowOpsTest {

    @Test
    void padsSixteenToTwentyEightWithZerosAndRoundTrips() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 16, 16, 3));
            NDArray padded = WindowOps.padToWindowMultiple(x, 14);
            assertThat(padded.getShape()).isEqualTo(new Shape(2, 28, 28, 3));
            // padding is bottom/right and zero
            assertThat(padded.get(":, 16:, :, :").abs().sum().getFloat()).isEqualTo(0f);
            assertThat(padded.get(":, :, 16:, :").abs().sum().getFloat()).isEqualTo(0f);
            NDArray windows = WindowOps.windowPartition(padded, 14);
            assertThat(windows.getShape()).isEqualTo(new Shape(8, 14, 14, 3));
            // window 1 of image 0 is rows 0..13, columns 14..27
            assertThat(windows.get(1).contentEquals(padded.get("0, 0:14, 14:28, :"))).isTrue();
            NDArray back = WindowOps.windowUnpartition(windows, 14, 28, 28, 16, 16);
            assertThat(back.contentEquals(x)).isTrue();
        }
    }

    @Test
    void relPosGathersTableRowIMinusJPlusSizeMinusOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            int size = 3;
            // table rows 0..4 hold their own index in both columns
            NDArray table = m.arange(5f).reshape(5, 1).repeat(1, 2);
            NDArray r = WindowOps.relPos(table, size);
            assertThat(r.getShape()).isEqualTo(new Shape(3, 3, 2));
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    assertThat(r.getFloat(i, j, 0)).isEqualTo(i - j + size - 1);
                }
            }
            assertThatThrownBy(() -> WindowOps.relPos(m.zeros(new Shape(127, 2)), 16))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("conversion time");
        }
    }
}
