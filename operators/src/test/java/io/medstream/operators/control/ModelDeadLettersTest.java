package io.medstream.operators.control;

import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ModelDeadLettersTest {

    private static ScanEvent scan(int payloadBytes) {
        return ScanEvent.newBuilder()
                .setTraceId("t-1")
                .setStudyInstanceUid("1.2")
                .setSeriesInstanceUid("1.2.3")
                .setSopInstanceUid("1.2.3.4")
                .setPatientKey("k")
                .setModality("CT")
                .setRows(1)
                .setColumns(1)
                .setTransferSyntaxUid("1.2.840.10008.1.2.1")
                .setSource("test")
                .setIngestTimeMillis(Instant.ofEpochMilli(5))
                .setPayload(
                        new InlinePayload(
                                ByteBuffer.wrap(new byte[payloadBytes]), "application/dicom"))
                .build();
    }

    @Test
    void keepsTheInputAsReplayableAvro() throws Exception {
        ScanEvent e = scan(100);
        DeadLetter d =
                ModelDeadLetters.of(
                        "segment", "MODEL_ERROR", new IllegalStateException("boom"), "t-1", e, 42);
        assertThat(d.getStage()).isEqualTo("segment");
        assertThat(d.getReason()).isEqualTo("MODEL_ERROR");
        assertThat(d.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(d.getMessage()).isEqualTo("boom");
        assertThat(d.getTimeMillis()).isEqualTo(Instant.ofEpochMilli(42));
        assertThat(
                        AvroRecords.decode(
                                ScanEvent.class, AvroRecords.bytes((ByteBuffer) d.getPayload())))
                .isEqualTo(e);
    }

    @Test
    void dropsAnInputTooLargeForAKafkaRecordAndSaysSo() {
        DeadLetter d =
                ModelDeadLetters.of(
                        "draft",
                        "MODEL_ERROR",
                        new RuntimeException(),
                        "t-1",
                        scan(ModelDeadLetters.MAX_INLINE_PAYLOAD_BYTES + 1),
                        1);
        assertThat(d.getPayload()).isNull();
        assertThat(d.getMessage()).startsWith("RuntimeException [input of ").contains("not kept");
        assertThat(d.getTraceId()).isEqualTo("t-1");
    }
}
