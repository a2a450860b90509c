package io.medstream.operators.deadletter;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.util.OutputTag;

import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.DeadLetterHeader;
import org.apache.avro.specific.SpecificRecordBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way a stage builds a {@link DeadLetter} and the one side output it goes to. Payload
 * policy, the same for every stage: the rejected input (the raw record's bytes, or a model stage's
 * input as Avro single-object bytes) travels inline up to the claim-check threshold and as a {@code
 * ClaimCheck} into the blob store above it, so {@code scans.dlq} never carries oversized records
 * and nothing is lost. If the blob store fails (or a stage has none), the letter keeps stage,
 * reason and trace id and its message says that the payload was not kept — a dead letter itself
 * never fails.
 *
 * <p>What happens to a letter is the stage's {@link ErrorStrategy}: {@link Letter#emit} writes it
 * to the side output, fails the task, or counts, logs and drops it. Every letter is counted per
 * reason under the stage's metric group ({@code deadLetters.<REASON>}; {@code errorsIgnored} for
 * IGNORE).
 *
 * <p>Messages come from our own code and the DICOM codec, which never quote identifying values;
 * callers must keep it so.
 */
public final class DeadLetters {

    /** The side output of every stage; the job writes it through one sink to the DLQ topic. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * Where {@link Letter#emit} writes: a Flink context's {@code output}, as {@code ctx::output}.
     */
    @FunctionalInterface
    public interface SideOutput {
        void output(OutputTag<DeadLetter> tag, DeadLetter letter);
    }

    private final ErrorStrategy strategy;
    private final BlobStore blobStore;
    private final long inlineLimitBytes;
    private final MetricGroup byReason;
    private final Counter ignored;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param strategy what {@link Letter#emit} does
     * @param blobStore where payloads above {@code inlineLimitBytes} go; null keeps none of them
     * @param inlineLimitBytes largest payload kept inline (the claim-check threshold)
     * @param stageMetrics the stage's metric group; the counters go under it
     */
    public DeadLetters(
            ErrorStrategy strategy,
            BlobStore blobStore,
            long inlineLimitBytes,
            MetricGroup stageMetrics) {
        if (inlineLimitBytes < 0) {
            throw new IllegalArgumentException("inlineLimitBytes must be >= 0");
        }
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.blobStore = blobStore;
        this.inlineLimitBytes = inlineLimitBytes;
        this.byReason = stageMetrics.addGroup("deadLetters");
        this.ignored = stageMetrics.counter("errorsIgnored", new ThreadSafeSimpleCounter());
    }

    public ErrorStrategy strategy() {
        return strategy;
    }

    /** A letter for {@code error}: its class and message (the class's simple name when none). */
    public Letter letter(String stage, DeadLetterReason reason, Throwable error) {
        String message =
                error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new Letter(stage, reason, error.getClass().getName(), message, error);
    }

    /** A letter with an explicit error class and message. */
    public Letter letter(String stage, DeadLetterReason reason, String errorClass, String message) {
        return new Letter(stage, reason, errorClass, message, null);
    }

    /** One dead letter being built; {@link #build()} applies the payload policy. */
    public final class Letter {
        private final DeadLetter.Builder b;
        private final String stage;
        private final DeadLetterReason reason;
        private final Throwable cause;
        private final String message;
        private byte[] payload;

        private Letter(
                String stage,
                DeadLetterReason reason,
                String errorClass,
                String message,
                Throwable cause) {
            this.stage = stage;
            this.reason = Objects.requireNonNull(reason, "reason");
            this.cause = cause;
            this.b =
                    DeadLetter.newBuilder()
                            .setStage(Objects.requireNonNull(stage, "stage"))
                            .setReason(reason.name())
                            .setErrorClass(errorClass)
                            .setTimeMillis(Instant.EPOCH);
            this.message = String.valueOf(message);
        }

        public Letter traceId(String traceId) {
            b.setTraceId(traceId);
            return this;
        }

        public Letter time(long epochMillis) {
            b.setTimeMillis(Instant.ofEpochMilli(epochMillis));
            return this;
        }

        /** The Kafka record it came from: coordinates, key, headers, and its bytes as payload. */
        public Letter source(RawRecord raw) {
            List<DeadLetterHeader> headers = new ArrayList<>();
            for (int i = 0; i < raw.headerKeys.length; i++) {
                byte[] v = raw.headerValues[i];
                headers.add(
                        new DeadLetterHeader(
                                raw.headerKeys[i], v == null ? null : ByteBuffer.wrap(v)));
            }
            b.setSourceTopic(raw.topic)
                    .setSourcePartition(raw.partition)
                    .setSourceOffset(raw.offset)
                    .setOriginalKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                    .setHeaders(headers);
            payload = raw.value;
            return this;
        }

        /** A model stage's input, kept as replayable Avro single-object bytes. */
        public Letter input(SpecificRecordBase input) {
            payload = input == null ? null : AvroRecords.encode(input);
            return this;
        }

        /**
         * Applies the stage's strategy: DEAD_LETTER writes the letter to {@code out} on {@link
         * #TAG}; IGNORE counts and logs it (stage, reason, trace id; never the message or payload)
         * and keeps nothing; FAILOVER throws {@link StageFailureException}.
         */
        public void emit(SideOutput out) {
            counters.computeIfAbsent(
                            reason.name(), n -> byReason.counter(n, new ThreadSafeSimpleCounter()))
                    .inc();
            switch (strategy) {
                case DEAD_LETTER -> out.output(TAG, build());
                case IGNORE -> {
                    ignored.inc();
                    LOG.warn(
                            "ignored an input at stage {} ({}), trace {}",
                            stage,
                            reason.name(),
                            b.getTraceId());
                }
                case FAILOVER -> throw new StageFailureException(stage, reason, message, cause);
            }
        }

        /**
         * The letter as the stage's strategy has it, for stages without side outputs (the async
         * model stages carry their letters in outcome records): one letter (DEAD_LETTER), none
         * (IGNORE), or a {@link StageFailureException} (FAILOVER).
         */
        public List<DeadLetter> collect() {
            List<DeadLetter> out = new ArrayList<>(1);
            emit((tag, l) -> out.add(l));
            return out;
        }

        /** The letter with the payload policy applied (what DEAD_LETTER writes). */
        public DeadLetter build() {
            Object kept = null;
            String note = "";
            if (payload != null) {
                if (payload.length <= inlineLimitBytes) {
                    kept = ByteBuffer.wrap(payload);
                } else if (blobStore == null) {
                    note = " [payload of " + payload.length + " bytes not kept: no blob store]";
                } else {
                    try {
                        kept = blobStore.put(payload, "application/octet-stream");
                    } catch (Exception e) {
                        note =
                                " [payload of "
                                        + payload.length
                                        + " bytes not kept: blob store failed: "
                                        + e.getMessage()
                                        + "]";
                    }
                }
            }
            return b.setMessage(message + note).setPayload(kept).build();
        }
    }
}
