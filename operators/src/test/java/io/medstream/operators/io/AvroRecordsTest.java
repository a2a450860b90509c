package io.medstream.operators.io;

import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroRecordsTest {

    private static ModelControl control() {
        return ModelControl.newBuilder()
                .setKind(ModelKind.SEGMENTATION)
                .setName("sam-unet")
                .setVersion("1")
                .setUri("file:///m")
                .setSha256("00")
                .setIssuedTimeMillis(Instant.ofEpochMilli(1234))
                .build();
    }

    @Test
    void roundTripsWithSingleObjectHeader() throws IOException {
        byte[] bytes = AvroRecords.encode(control());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(AvroRecords.decode(ModelControl.class, bytes)).isEqualTo(control());
    }

    @Test
    void rejectsUnknownFingerprintWrongMagicAndTruncation() {
        byte[] bytes = AvroRecords.encode(control());
        byte[] otherSchema = bytes.clone();
        otherSchema[5] ^= 0x5A; // inside the 8-byte fingerprint
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, otherSchema))
                .isInstanceOf(IOException.class);
        byte[] badMagic = bytes.clone();
        badMagic[0] = 0x00;
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, badMagic))
                .isInstanceOf(IOException.class);
        byte[] truncated = Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, truncated))
                .isInstanceOf(IOException.class);
    }
}
