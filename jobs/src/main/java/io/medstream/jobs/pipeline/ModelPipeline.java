package io.medstream.jobs.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.config.PipelineSettings;
import io.medstream.operators.batch.ShardKeys;
import io.medstream.operators.control.ModelServingBatchFunction;
import io.medstream.operators.control.ParseControlFunction;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.draft.DraftFunction;
import io.medstream.operators.draft.DraftSettings;
import io.medstream.operators.group.SliceGroupFunction;
import io.medstream.operators.io.RawRecord;
import io.medstream.operators.segment.SegmentFunction;
import io.medstream.operators.segment.SegmentSettings;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;

/**
 * The model half of the job graph, attached to the validated scans of {@link IngestionPipeline}:
 *
 * <pre>
 *  scans ─► keyBy(shard) ─► segment (SAM-UNet, micro-batched) ─┬─► scans.masks
 *                    ▲                                         └─► keyBy(series) ─► group ─► keyBy(shard) ─► draft ─┐
 *  models.control ─► parse ─► broadcast ───────────────────────────────────────────────────────────────────▲         │
 *      draft ─► scans.reports (Avro), scans.reports.fhir (FHIR JSON), csr.preferences (pairs, side output) ◄───────┘
 *  dead letters of every stage ─► Streams.deadLetters (MedstreamJob writes them with the ingest ones to scans.dlq)
 * </pre>
 *
 * Sources and sinks are passed in ({@link Io}), so tests and benchmarks can run it without Kafka.
 */
public final class ModelPipeline {
    private ModelPipeline() {}

    /** Where the model stages read control commands and write their outputs. */
    public interface Io {
        Source<RawRecord, ?, ?> controlSource();

        Sink<SegmentationResult> masksSink();

        Sink<StudyReport> reportsSink();

        Sink<StudyReport> fhirSink();

        Sink<PreferencePair> preferencesSink();
    }

    /** The streams the graph produced, for callers that attach more. */
    public record Streams(
            DataStream<SegmentedSlice> segmented,
            DataStream<CompletedSeries> series,
            DataStream<StudyReport> reports,
            DataStream<PreferencePair> pairs,
            DataStream<DeadLetter> deadLetters,
            BroadcastStream<ModelControl> control) {}

    public static Streams build(
            StreamExecutionEnvironment env,
            DataStream<ScanEvent> scans,
            MedstreamSettings s,
            Io io) {
        PipelineSettings p = s.pipeline();
        int parallelism = s.parallelism();
        ShardKeys shards = ShardKeys.forParallelism(parallelism);

        SingleOutputStreamOperator<ModelControl> control =
                env.fromSource(
                                io.controlSource(),
                                WatermarkStrategy.noWatermarks(),
                                "model control source")
                        .uid("control-source")
                        .setParallelism(1)
                        .process(
                                new ParseControlFunction(
                                        s.ingest().claimCheckThresholdBytes(),
                                        s.errors().control()))
                        .uid("parse-control")
                        .name("parse model control")
                        .setParallelism(1);
        BroadcastStream<ModelControl> broadcast =
                control.broadcast(ModelServingBatchFunction.ACTIVE_MODELS);

        SegmentSettings seg =
                new SegmentSettings(
                        null,
                        p.segmentBatchSize(),
                        p.segmentBatchTimeout().toMillis(),
                        p.maxPromptsPerScan(),
                        s.ingest(),
                        p.boxConstraint(),
                        s.errors().segment());
        SingleOutputStreamOperator<SegmentedSlice> segmented =
                scans.keyBy(e -> shards.shardOf(e.getSeriesInstanceUid()), Types.INT)
                        .connect(broadcast)
                        .process(new SegmentFunction(seg), new AvroTypeInfo<>(SegmentedSlice.class))
                        .uid("segment")
                        .name("segment (SAM-UNet)");

        segmented
                .map(SegmentedSlice::getResult, new AvroTypeInfo<>(SegmentationResult.class))
                .uid("masks-out")
                .name("segmentation results")
                .sinkTo(io.masksSink())
                .uid("masks-sink")
                .name("scans.masks sink");

        SingleOutputStreamOperator<CompletedSeries> series =
                segmented
                        .keyBy(x -> x.getResult().getSeriesInstanceUid(), Types.STRING)
                        .process(
                                new SliceGroupFunction(
                                        p.seriesInactivity().toMillis(),
                                        p.seriesMaxInstances(),
                                        p.seriesMaxStateBytes(),
                                        s.ingest(),
                                        s.errors().group()),
                                new AvroTypeInfo<>(CompletedSeries.class))
                        .uid("group-series")
                        .name("group by series");

        // One series per batch: a CSR draft takes seconds, so batching would only add latency.
        DraftSettings draftSettings =
                new DraftSettings(
                        p.draftCsr(), p.draftMaxSlices(), 1, 100, s.ingest(), s.errors().draft());
        SingleOutputStreamOperator<StudyReport> reports =
                series.keyBy(x -> shards.shardOf(x.getSeriesInstanceUid()), Types.INT)
                        .connect(broadcast)
                        .process(
                                new DraftFunction(draftSettings),
                                new AvroTypeInfo<>(StudyReport.class))
                        .uid("draft")
                        .name("draft report (CSR)");
        reports.sinkTo(io.reportsSink()).uid("reports-sink").name("scans.reports sink");
        reports.sinkTo(io.fhirSink()).uid("fhir-sink").name("scans.reports.fhir sink");
        DataStream<PreferencePair> pairs = reports.getSideOutput(DraftFunction.PREFERENCE_PAIRS);
        pairs.sinkTo(io.preferencesSink()).uid("preferences-sink").name("csr.preferences sink");

        DataStream<DeadLetter> dead =
                segmented
                        .getSideOutput(DeadLetters.TAG)
                        .union(
                                reports.getSideOutput(DeadLetters.TAG),
                                series.getSideOutput(DeadLetters.TAG),
                                control.getSideOutput(DeadLetters.TAG));
        return new Streams(segmented, series, reports, pairs, dead, broadcast);
    }
}
