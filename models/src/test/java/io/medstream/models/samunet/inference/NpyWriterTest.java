package io.medstream.models.samunet.inference;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written .npy v1.0 layout: magic, version, header length, aligned dict, LE float32 data.
 */
class NpyWriterTest {

    @Test
    void writesAnAlignedV1HeaderAndLittleEndianData() {
        float[] data = new float[64 * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3f;
        }
        byte[] npy = NpyWriter.encode(data, 1, 1, 64, 64);
        assertThat(npy[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(npy[6]).isEqualTo((byte) 1);
        assertThat(npy[7]).isEqualTo((byte) 0);
        int headerLen = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 64, 64), }");
        assertThat(header).endsWith("\n");
        assertThat(npy.length).isEqualTo(10 + headerLen + 4 * data.length);
        ByteBuffer body =
                ByteBuffer.wrap(npy, 10 + headerLen, 4 * data.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            assertThat(body.getFloat()).isEqualTo(v);
        }
    }

    @Test
    void oneDimensionalShapesGetTheTupleComma() {
        assertThat(NpyWriter.header(new long[] {5})).contains("'shape': (5,)");
        assertThatThrownBy(() -> NpyWriter.encode(new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
