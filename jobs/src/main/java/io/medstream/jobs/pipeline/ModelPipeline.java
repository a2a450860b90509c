package io.medstream.jobs.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.config.PipelineSettings;
import io.medstream.operators.control.ParseControlFunction;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.draft.DraftFunction;
import io.medstream.operators.draft.DraftOutcomes;
import io.medstream.operators.draft.DraftSettings;
import io.medstream.operators.group.SliceGroupFunction;
import io.medstream.operators.io.RawRecord;
import io.medstream.operators.segment.SegmentFunction;
import io.medstream.operators.segment.SegmentOutcomes;
import io.medstream.operators.segment.SegmentSettings;
import io.medstream.operators.serving.ModelVersionRouter;
import io.medstream.operators.serving.ServingSettings;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.DraftOutcome;
import io.medstream.schemas.internal.DraftRequest;
import io.medstream.schemas.internal.SegmentOutcome;
import io.medstream.schemas.internal.SegmentRequest;
import io.medstream.schemas.internal.SegmentedSlice;

import java.util.concurrent.TimeUnit;

/**
 * The model half of the job graph, attached to the validated scans of {@link IngestionPipeline}:
 *
 * <pre>
 *  scans ─► route (model version) ─► segment (SAM-UNet, async workers) ─► split ─┬─► scans.masks
 *                ▲                                                               └─► keyBy(series) ─► group ─┐
 *  models.control ─► parse ─► broadcast ──────────────────────────────► route (model version) ◄────────┘
 *                                                                          └─► draft (CSR, async workers) ─► split
 *      split ─► scans.reports (Avro), scans.reports.fhir (FHIR JSON), csr.preferences (pairs)
 *  dead letters of every stage ─► Streams.deadLetters (MedstreamJob writes them with the ingest ones to scans.dlq)
 * </pre>
 *
 * The model calls run on each async stage's worker threads, never on the task thread: a checkpoint
 * barrier passes a stage while a model call is in flight (the in-flight requests are part of the
 * checkpoint), so masks are committed on every checkpoint even while a series is being drafted.
 * Routers, async stages and splits of both model stages form their own slot-sharing group ({@code
 * medstream.models.slot-sharing-group}).
 *
 * <p>Sources and sinks are passed in ({@link Io}), so tests and benchmarks can run it without
 * Kafka.
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
                control.broadcast(ModelVersionRouter.ACTIVE_MODELS);
        String models = p.modelSlotSharingGroup();
        int segmentParallelism =
                p.segmentParallelism() > 0 ? p.segmentParallelism() : s.parallelism();
        int draftParallelism = p.draftParallelism() > 0 ? p.draftParallelism() : s.parallelism();
        long inline = s.ingest().claimCheckThresholdBytes();

        SegmentSettings seg =
                new SegmentSettings(
                        null,
                        new ServingSettings(
                                p.segmentWorkers(),
                                p.segmentBatchSize(),
                                p.segmentBatchTimeout().toMillis(),
                                p.segmentTimeout().toMillis()),
                        p.maxPromptsPerScan(),
                        s.ingest(),
                        p.boxConstraint(),
                        s.errors().segment());
        // Router (task thread, no model) → async SAM-UNet workers → split; chained, in the
        // model stages' own slot-sharing group.
        SingleOutputStreamOperator<SegmentRequest> segmentRequests =
                scans.connect(broadcast)
                        .process(
                                new ModelVersionRouter<ScanEvent, SegmentRequest>(
                                        ModelKind.SEGMENTATION,
                                        SegmentRequest::new,
                                        s.errors().segment(),
                                        inline),
                                new AvroTypeInfo<>(SegmentRequest.class))
                        .uid("route-segment")
                        .name("segment: model version")
                        .setParallelism(segmentParallelism)
                        .slotSharingGroup(models);
        SingleOutputStreamOperator<SegmentedSlice> segmented =
                AsyncDataStream.unorderedWait(
                                segmentRequests,
                                new SegmentFunction(seg),
                                seg.serving().timeoutMillis(),
                                TimeUnit.MILLISECONDS,
                                seg.serving().capacity())
                        .returns(new AvroTypeInfo<>(SegmentOutcome.class))
                        .uid("segment")
                        .name("segment (SAM-UNet, async)")
                        .setParallelism(segmentParallelism)
                        .slotSharingGroup(models)
                        .process(new SegmentOutcomes(), new AvroTypeInfo<>(SegmentedSlice.class))
                        .uid("segment-outcomes")
                        .name("segment: outcomes")
                        .setParallelism(segmentParallelism)
                        .slotSharingGroup(models);

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
                        p.draftCsr(),
                        p.draftMaxSlices(),
                        new ServingSettings(p.draftWorkers(), 1, 0, p.draftTimeout().toMillis()),
                        s.ingest(),
                        s.errors().draft());
        SingleOutputStreamOperator<DraftRequest> draftRequests =
                series.connect(broadcast)
                        .process(
                                new ModelVersionRouter<CompletedSeries, DraftRequest>(
                                        ModelKind.DRAFTER,
                                        DraftRequest::new,
                                        s.errors().draft(),
                                        inline),
                                new AvroTypeInfo<>(DraftRequest.class))
                        .uid("route-draft")
                        .name("draft: model version")
                        .setParallelism(draftParallelism)
                        .slotSharingGroup(models);
        SingleOutputStreamOperator<StudyReport> reports =
                AsyncDataStream.unorderedWait(
                                draftRequests,
                                new DraftFunction(draftSettings),
                                draftSettings.serving().timeoutMillis(),
                                TimeUnit.MILLISECONDS,
                                draftSettings.serving().capacity())
                        .returns(new AvroTypeInfo<>(DraftOutcome.class))
                        .uid("draft")
                        .name("draft report (CSR, async)")
                        .setParallelism(draftParallelism)
                        .slotSharingGroup(models)
                        .process(new DraftOutcomes(), new AvroTypeInfo<>(StudyReport.class))
                        .uid("draft-outcomes")
                        .name("draft: outcomes")
                        .setParallelism(draftParallelism)
                        .slotSharingGroup(models);
        reports.sinkTo(io.reportsSink()).uid("reports-sink").name("scans.reports sink");
        reports.sinkTo(io.fhirSink()).uid("fhir-sink").name("scans.reports.fhir sink");
        DataStream<PreferencePair> pairs = reports.getSideOutput(DraftFunction.PREFERENCE_PAIRS);
        pairs.sinkTo(io.preferencesSink()).uid("preferences-sink").name("csr.preferences sink");

        DataStream<DeadLetter> dead =
                segmented
                        .getSideOutput(DeadLetters.TAG)
                        .union(
                                segmentRequests.getSideOutput(DeadLetters.TAG),
                                draftRequests.getSideOutput(DeadLetters.TAG),
                                reports.getSideOutput(DeadLetters.TAG),
                                series.getSideOutput(DeadLetters.TAG),
                                control.getSideOutput(DeadLetters.TAG));
        return new Streams(segmented, series, reports, pairs, dead, broadcast);
    }
}
