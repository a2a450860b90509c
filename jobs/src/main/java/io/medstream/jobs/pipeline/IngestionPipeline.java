package io.medstream.jobs.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.ingest.ParseScanFunction;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;

import java.util.Objects;

/**
 * The ingestion job graph: raw scans → parse/validate → ready sink. Bad records leave as dead
 * letters on {@link Streams#deadLetters()}; the caller joins them with every other stage's and
 * writes them through the job's one dead-letter sink ({@link MedstreamJob#build}). Source and sink
 * are injected, so tests and benchmarks swap Kafka for anything else without mocking.
 *
 * <pre>
 *   source(uid scan-source) ─► parse-validate(uid parse-scan) ─┬─► ready sink(uid ready-sink)
 *                                                             └─► dead letters (to the caller)
 * </pre>
 */
public final class IngestionPipeline {

    /** The streams of a built graph, for callers that attach further stages. */
    public record Streams(DataStream<ScanEvent> ready, DataStream<DeadLetter> deadLetters) {}

    private final Source<RawRecord, ?, ?> source;
    private final Sink<ScanEvent> readySink;
    private final IngestSettings settings;
    private final ErrorStrategy errorStrategy;
    private final int parallelism;

    private IngestionPipeline(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.readySink = Objects.requireNonNull(b.readySink, "readySink");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.errorStrategy = b.errorStrategy;
        this.parallelism = b.parallelism;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Streams build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "scan source")
                        .uid("scan-source")
                        .setParallelism(parallelism);
        SingleOutputStreamOperator<ScanEvent> parsed =
                raw.process(new ParseScanFunction(settings, errorStrategy))
                        .uid("parse-scan")
                        .name("parse and validate DICOM")
                        .setParallelism(parallelism);
        parsed.sinkTo(readySink)
                .uid("ready-sink")
                .name("scans.ready sink")
                .setParallelism(parallelism);
        return new Streams(parsed, parsed.getSideOutput(DeadLetters.TAG));
    }

    public static final class Builder {
        private Source<RawRecord, ?, ?> source;
        private Sink<ScanEvent> readySink;
        private IngestSettings settings;
        private ErrorStrategy errorStrategy = ErrorStrategy.DEAD_LETTER;
        private int parallelism = 1;

        public Builder source(Source<RawRecord, ?, ?> source) {
            this.source = source;
            return this;
        }

        public Builder readySink(Sink<ScanEvent> sink) {
            this.readySink = sink;
            return this;
        }

        public Builder settings(IngestSettings settings) {
            this.settings = settings;
            return this;
        }

        /** What a rejected record becomes ({@code medstream.ingest.error-handling-strategy}). */
        public Builder errorStrategy(ErrorStrategy strategy) {
            this.errorStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public IngestionPipeline build() {
            return new IngestionPipeline(this);
        }
    }
}
