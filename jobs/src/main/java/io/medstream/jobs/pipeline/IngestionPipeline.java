package io.medstream.jobs.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.ingest.ParseScanFunction;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ingestion job graph: raw scans → parse/validate (bad records to dead letters) → [stages] →
 * ready sink. Sources and sinks are injected, so tests and benchmarks swap Kafka for anything else
 * without mocking; model stages are added with {@link Builder#stage} (one line each).
 *
 * <pre>
 *   source(uid scan-source) ─► parse-validate(uid parse-scan) ─┬─► [stages] ─► ready sink(uid ready-sink)
 *                                                             └─► dead letters ─► dlq sink(uid dlq-sink)
 * </pre>
 */
public final class IngestionPipeline {

    /** A ScanEvent → ScanEvent step inserted between parsing and the ready sink. */
    @FunctionalInterface
    public interface Stage extends Serializable {
        DataStream<ScanEvent> apply(DataStream<ScanEvent> in);
    }

    /** The streams of a built graph, for callers that attach further stages. */
    public record Streams(DataStream<ScanEvent> ready, DataStream<DeadLetter> deadLetters) {}

    private final Source<RawRecord, ?, ?> source;
    private final Sink<ScanEvent> readySink;
    private final Sink<DeadLetter> deadLetterSink;
    private final IngestSettings settings;
    private final int parallelism;
    private final List<Stage> stages;

    private IngestionPipeline(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.readySink = Objects.requireNonNull(b.readySink, "readySink");
        this.deadLetterSink = Objects.requireNonNull(b.deadLetterSink, "deadLetterSink");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.parallelism = b.parallelism;
        this.stages = List.copyOf(b.stages);
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
                raw.process(new ParseScanFunction(settings))
                        .uid("parse-scan")
                        .name("parse and validate DICOM")
                        .setParallelism(parallelism);
        DataStream<ScanEvent> ready = parsed;
        for (Stage stage : stages) {
            ready = stage.apply(ready);
        }
        ready.sinkTo(readySink)
                .uid("ready-sink")
                .name("scans.ready sink")
                .setParallelism(parallelism);
        DataStream<DeadLetter> dead = parsed.getSideOutput(ParseScanFunction.DEAD_LETTERS);
        dead.sinkTo(deadLetterSink)
                .uid("dlq-sink")
                .name("dead-letter sink")
                .setParallelism(parallelism);
        return new Streams(ready, dead);
    }

    public static final class Builder {
        private Source<RawRecord, ?, ?> source;
        private Sink<ScanEvent> readySink;
        private Sink<DeadLetter> deadLetterSink;
        private IngestSettings settings;
        private int parallelism = 1;
        private final List<Stage> stages = new ArrayList<>();

        public Builder source(Source<RawRecord, ?, ?> source) {
            this.source = source;
            return this;
        }

        public Builder readySink(Sink<ScanEvent> sink) {
            this.readySink = sink;
            return this;
        }

        public Builder deadLetterSink(Sink<DeadLetter> sink) {
            this.deadLetterSink = sink;
            return this;
        }

        public Builder settings(IngestSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder stage(Stage stage) {
            this.stages.add(stage);
            return this;
        }

        public IngestionPipeline build() {
            return new IngestionPipeline(this);
        }
    }
}
