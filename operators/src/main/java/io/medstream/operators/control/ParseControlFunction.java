package io.medstream.operators.control;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.ModelControl;

import java.util.Objects;

/**
 * Decodes {@link ModelControl} commands from the control topic. A record that is not a valid
 * command (or names no weights) becomes a dead letter (stage {@value #STAGE}) instead of stopping
 * every model stage.
 */
public final class ParseControlFunction extends ProcessFunction<RawRecord, ModelControl> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "decode-control";

    private final long inlineLimitBytes;
    private final ErrorStrategy errorStrategy;

    private transient DeadLetters deadLetters;

    /**
     * @param inlineLimitBytes largest record kept inline in a dead letter (the claim-check
     *     threshold); control records are small, so a larger one is dropped with a note
     * @param errorStrategy what an invalid command becomes
     */
    public ParseControlFunction(long inlineLimitBytes, ErrorStrategy errorStrategy) {
        this.inlineLimitBytes = inlineLimitBytes;
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup(STAGE);
        deadLetters = new DeadLetters(errorStrategy, null, inlineLimitBytes, g);
    }

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
            deadLetters
                    .letter(
                            STAGE,
                            DeadLetterReason.Control.INVALID_COMMAND,
                            e.getClass().getName(),
                            String.valueOf(e.getMessage()))
                    .source(raw)
                    .time(System.currentTimeMillis())
                    .emit(ctx::output);
            return;
        }
        out.collect(cmd);
    }
}
