package io.medstream.operators.control;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.deadletter.StageFailureException;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Control-topic decoding in Flink's one-input harness. */
class ParseControlFunctionTest {

    /** Fixture factory: a control-topic record. */
    static RawRecord record(byte[] value, long offset) {
        RawRecord r = new RawRecord();
        r.topic = "models.control";
        r.partition = 0;
        r.offset = offset;
        r.value = value;
        return r;
    }

    static ModelControl command(String uri) {
        return ModelControl.newBuilder()
                .setKind(ModelKind.SEGMENTATION)
                .setName("samunet-tiny")
                .setVersion("v2")
                .setUri(uri)
                .setSha256("ab".repeat(32))
                .setIssuedTimeMillis(Instant.ofEpochMilli(1_000))
                .build();
    }

    static OneInputStreamOperatorTestHarness<RawRecord, ModelControl> harness() throws Exception {
        return harness(ErrorStrategy.DEAD_LETTER);
    }

    static OneInputStreamOperatorTestHarness<RawRecord, ModelControl> harness(
            ErrorStrategy strategy) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseControlFunction(512 * 1024, strategy));
    }

    @Test
    void ignoreDropsAnInvalidCommandAndTheNextValidOneStillArrives() throws Exception {
        ModelControl cmd = command("file:///models/v2/model.safetensors");
        try (var h = harness(ErrorStrategy.IGNORE)) {
            h.processElement(record(new byte[] {1, 2, 3}, 1), 0);
            h.processElement(record(AvroRecords.encode(cmd), 2), 0);
            assertThat(h.extractOutputValues()).containsExactly(cmd);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void failoverFailsTheTaskOnAnInvalidCommand() throws Exception {
        try (var h = harness(ErrorStrategy.FAILOVER)) {
            assertThatThrownBy(() -> h.processElement(record(new byte[0], 1), 0))
                    .isInstanceOfSatisfying(
                            StageFailureException.class,
                            e -> {
                                assertThat(e.stage()).isEqualTo(ParseControlFunction.STAGE);
                                assertThat(e.reason())
                                        .isEqualTo(DeadLetterReason.Control.INVALID_COMMAND);
                                assertThat(e.getMessage()).contains("empty control record");
                            });
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ?> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aValidRecordBecomesTheCommand() throws Exception {
        ModelControl cmd = command("file:///models/v2/model.safetensors");
        try (var h = harness()) {
            h.processElement(record(AvroRecords.encode(cmd), 7), 0);
            assertThat(h.extractOutputValues()).containsExactly(cmd);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void garbageBecomesOneDeadLetterWithStageReasonAndSource() throws Exception {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        try (var h = harness()) {
            h.processElement(record(garbage, 42), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.get(0);
            assertThat(d.getStage()).isEqualTo(ParseControlFunction.STAGE);
            assertThat(d.getReason()).isEqualTo("INVALID_COMMAND");
            assertThat(d.getSourceTopic()).isEqualTo("models.control");
            assertThat(d.getSourceOffset()).isEqualTo(42L);
            assertThat(AvroRecords.bytes((ByteBuffer) d.getPayload())).isEqualTo(garbage);
        }
    }

    @Test
    void emptyRecordsAndCommandsWithoutWeightsAreDeadLetters() throws Exception {
        try (var h = harness()) {
            h.processElement(record(new byte[0], 1), 0);
            h.processElement(record(AvroRecords.encode(command(" ")), 2), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly("INVALID_COMMAND", "INVALID_COMMAND");
            assertThat(dead.get(0).getMessage()).isEqualTo("empty control record");
            assertThat(dead.get(1).getMessage())
                    .isEqualTo("a command needs version, uri and sha256");
            assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(1L, 2L);
        }
    }
}
