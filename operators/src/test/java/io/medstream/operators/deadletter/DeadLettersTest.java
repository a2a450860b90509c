package io.medstream.operators.deadletter;

import org.apache.flink.util.OutputTag;

import io.medstream.dicom.DicomException;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {

    private static final int LIMIT = 1024;

    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private final List<DeadLetter> out = new ArrayList<>();

    private void collect(OutputTag<DeadLetter> tag, DeadLetter d) {
        assertThat(tag).isSameAs(DeadLetters.TAG);
        out.add(d);
    }

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

    private DeadLetters letters(ErrorStrategy strategy, LocalBlobStore store) {
        return new DeadLetters(strategy, store, LIMIT, metrics);
    }

    @Test
    void keepsASmallInputInlineAsReplayableAvro() throws Exception {
        ScanEvent e = scan(100);
        letters(ErrorStrategy.DEAD_LETTER, null)
                .letter(
                        "segment",
                        DeadLetterReason.Segment.MODEL_ERROR,
                        new IllegalStateException("boom"))
                .traceId("t-1")
                .input(e)
                .time(42)
                .emit(this::collect);

        assertThat(out).hasSize(1);
        DeadLetter d = out.get(0);
        assertThat(d.getStage()).isEqualTo("segment");
        assertThat(d.getReason()).isEqualTo("MODEL_ERROR");
        assertThat(d.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(d.getMessage()).isEqualTo("boom");
        assertThat(d.getTraceId()).isEqualTo("t-1");
        assertThat(d.getTimeMillis()).isEqualTo(Instant.ofEpochMilli(42));
        assertThat(
                        AvroRecords.decode(
                                ScanEvent.class, AvroRecords.bytes((ByteBuffer) d.getPayload())))
                .isEqualTo(e);
        assertThat(metrics.count("deadLetters.MODEL_ERROR")).isEqualTo(1);
        assertThat(metrics.count("errorsIgnored")).isZero();
    }

    @Test
    void claimChecksAPayloadAboveTheThresholdIntoTheBlobStore(@TempDir Path dir) throws Exception {
        ScanEvent e = scan(4 * LIMIT);
        try (LocalBlobStore store = new LocalBlobStore(dir)) {
            DeadLetter d =
                    letters(ErrorStrategy.DEAD_LETTER, store)
                            .letter("draft", DeadLetterReason.Draft.MODEL_ERROR, "X", "m")
                            .input(e)
                            .build();

            assertThat(d.getPayload()).isInstanceOf(ClaimCheck.class);
            ClaimCheck ref = (ClaimCheck) d.getPayload();
            byte[] kept = store.get(ref, Long.MAX_VALUE);
            assertThat(AvroRecords.decode(ScanEvent.class, kept)).isEqualTo(e);
            assertThat(d.getMessage()).isEqualTo("m");
        }
    }

    @Test
    void withoutABlobStoreALargePayloadIsLeftOutAndTheMessageSaysSo() {
        DeadLetter d =
                letters(ErrorStrategy.DEAD_LETTER, null)
                        .letter(
                                "group",
                                DeadLetterReason.Group.LIMIT_EXCEEDED,
                                new RuntimeException())
                        .traceId("t-9")
                        .input(scan(4 * LIMIT))
                        .build();

        assertThat(d.getPayload()).isNull();
        assertThat(d.getMessage())
                .startsWith("RuntimeException [payload of ")
                .endsWith(" bytes not kept: no blob store]");
        assertThat(d.getTraceId()).isEqualTo("t-9");
    }

    @Test
    void sourceCopiesTheKafkaCoordinatesKeyHeadersAndBytes() {
        RawRecord raw =
                new RawRecord(
                        "scans.dicom",
                        3,
                        77,
                        1000,
                        "key".getBytes(StandardCharsets.UTF_8),
                        new byte[] {1, 2, 3});
        raw.headerKeys = new String[] {"a", "b"};
        raw.headerValues = new byte[][] {{9}, null};

        DeadLetter d =
                letters(ErrorStrategy.DEAD_LETTER, null)
                        .letter("decode-dicom", DeadLetterReason.Ingest.NOT_DICOM, "E", "not DICOM")
                        .source(raw)
                        .build();

        assertThat(d.getSourceTopic()).isEqualTo("scans.dicom");
        assertThat(d.getSourcePartition()).isEqualTo(3);
        assertThat(d.getSourceOffset()).isEqualTo(77L);
        assertThat(AvroRecords.bytes(d.getOriginalKey()))
                .isEqualTo("key".getBytes(StandardCharsets.UTF_8));
        assertThat(d.getHeaders()).hasSize(2);
        assertThat(d.getHeaders().get(0).getKey()).isEqualTo("a");
        assertThat(AvroRecords.bytes(d.getHeaders().get(0).getValue())).containsExactly(9);
        assertThat(d.getHeaders().get(1).getValue()).isNull();
        assertThat(AvroRecords.bytes((ByteBuffer) d.getPayload())).containsExactly(1, 2, 3);
    }

    @Test
    void ignoreCountsAndDropsWithoutWritingAnything() {
        DeadLetters letters = letters(ErrorStrategy.IGNORE, null);
        for (int i = 0; i < 3; i++) {
            letters.letter("decode-dicom", DeadLetterReason.Ingest.MALFORMED, "E", "bad")
                    .emit(this::collect);
        }

        assertThat(out).isEmpty();
        assertThat(metrics.count("errorsIgnored")).isEqualTo(3);
        assertThat(metrics.count("deadLetters.MALFORMED")).isEqualTo(3);
    }

    @Test
    void failoverThrowsWithStageReasonAndCause() {
        IllegalStateException cause = new IllegalStateException("model broke");
        DeadLetters.Letter letter =
                letters(ErrorStrategy.FAILOVER, null)
                        .letter("segment", DeadLetterReason.Segment.MODEL_ERROR, cause);

        assertThatThrownBy(() -> letter.emit(this::collect))
                .isInstanceOfSatisfying(
                        StageFailureException.class,
                        e -> {
                            assertThat(e.stage()).isEqualTo("segment");
                            assertThat(e.reason()).isEqualTo(DeadLetterReason.Segment.MODEL_ERROR);
                            assertThat(e.getCause()).isSameAs(cause);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "stage segment failed on an input (MODEL_ERROR): model"
                                                    + " broke");
                        });
        assertThat(out).isEmpty();
    }

    @Test
    void everyCodecReasonHasAnIngestAndASegmentReasonOfTheSameName() {
        for (DicomException.Reason r : DicomException.Reason.values()) {
            assertThat(DeadLetterReason.Ingest.of(r).name()).isEqualTo(r.name());
            assertThat(DeadLetterReason.Segment.of(r).name()).isEqualTo(r.name());
        }
    }

    @Test
    void rejectsANegativeInlineLimit() {
        assertThatThrownBy(() -> new DeadLetters(ErrorStrategy.DEAD_LETTER, null, -1, metrics))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
