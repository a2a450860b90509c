package io.medstream.operators.control;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Decodes {@link ModelControl} commands from the control topic. A record that is not a valid
 * command (or names no weights) becomes a dead letter (stage {@value #STAGE}) instead of stopping
 * every model stage.
 */
public final class ParseControlFunction extends ProcessFunction<RawRecord, ModelControl> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "decode-control";
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("control-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ModelControl> out) {
        ModelControl cmd;
        try {
            if (raw.value == null || raw.value.length == 0) {
                throw new IllegalArgumentException("empty control record");
            }
            cmd = AvroRecords.decode(ModelControl.class, raw.value);
            if (cmd.getUri().isBlank() || cmd.getSha256().isBlank() || cmd.getVersion().isBlank()) {
                throw new IllegalArgumentException("a command needs version, uri and sha256");
            }
        } catch (Exception e) {
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.newBuilder()
                            .setStage(STAGE)
                            .setReason("INVALID_COMMAND")
                            .setErrorClass(e.getClass().getName())
                            .setMessage(String.valueOf(e.getMessage()))
                            .setTimeMillis(Instant.now())
                            .setSourceTopic(raw.topic)
                            .setSourcePartition(raw.partition)
                            .setSourceOffset(raw.offset)
                            .setPayload(raw.value == null ? null : ByteBuffer.wrap(raw.value))
                            .build());
            return;
        }
        out.collect(cmd);
    }
}
