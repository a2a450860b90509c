package io.medstream.operators.group;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Groups segmented slices by series (the key is the series UID) until the series is complete, then
 * emits them together and clears all state of the key. A series is complete when the sender's
 * {@code ScanEvent.expectedInstances} is reached or, without it, after {@code inactivityMillis}
 * without a new slice (processing time), like the inactivity grouping of DICOM gateways; every new
 * slice pushes the inactivity deadline back. Slices are emitted in instance-number order (arrival
 * order breaks ties), which is the reading order of the report.
 */
public final class SliceGroupFunction
        extends KeyedProcessFunction<String, SegmentedSlice, CompletedSeries> {
    private static final long serialVersionUID = 1L;

    public static final String STAGE = "group";

    private final long inactivityMillis;
    private final int maxInstances;
    private final long maxStateBytes;
    private final IngestSettings ingest;
    private final ErrorStrategy errorStrategy;

    private transient ListState<SegmentedSlice> items;
    private transient ValueState<Integer> count;
    private transient ValueState<Long> bytes;
    private transient ValueState<Long> deadline;
    private transient Counter byCount;
    private transient Counter byTimeout;
    private transient BlobStore blobStore;
    private transient DeadLetters deadLetters;

    /**
     * @param maxInstances slices kept per series: the state of a key is bounded by it; later slices
     *     of the same series become dead letters instead
     * @param maxStateBytes serialized bytes kept per series (slices above the claim-check threshold
     *     are references, smaller ones carry their DICOM inline): a slice that would take a series
     *     past it becomes a dead letter instead, so one series can never exhaust the state backend
     *     or the heap
     * @param ingest blob store and claim-check threshold for the dead letters' payloads
     * @param errorStrategy what an overflowing slice becomes
     */
    public SliceGroupFunction(
            long inactivityMillis,
            int maxInstances,
            long maxStateBytes,
            IngestSettings ingest,
            ErrorStrategy errorStrategy) {
        if (inactivityMillis <= 0) {
            throw new IllegalArgumentException("inactivityMillis must be positive");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be >= 1");
        }
        if (maxStateBytes < 1) {
            throw new IllegalArgumentException("maxStateBytes must be >= 1");
        }
        this.maxStateBytes = maxStateBytes;
        this.inactivityMillis = inactivityMillis;
        this.maxInstances = maxInstances;
        this.ingest = ingest;
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        items =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "series-items", new AvroTypeInfo<>(SegmentedSlice.class)));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("series-count", Types.INT));
        bytes =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("series-bytes", Types.LONG));
        deadline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("series-deadline", Types.LONG));
        var g = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup("series");
        byCount = g.counter("completedByCount");
        byTimeout = g.counter("completedByTimeout");
        blobStore = BlobStores.open(ingest.blobStoreUri());
        deadLetters =
                new DeadLetters(errorStrategy, blobStore, ingest.claimCheckThresholdBytes(), g);
    }

    @Override
    public void close() throws Exception {
        if (blobStore != null) {
            blobStore.close();
        }
    }

    @Override
    public void processElement(SegmentedSlice item, Context ctx, Collector<CompletedSeries> out)
            throws Exception {
        int n = count.value() == null ? 1 : count.value() + 1;
        if (n > maxInstances) {
            onOverflow(
                    item,
                    ctx,
                    "series already holds "
                            + maxInstances
                            + " instances (medstream.series.max-instances); this one is not in its"
                            + " report");
            return;
        }
        // what the state backend stores for this slice (Avro, as its serializer writes it)
        long size = AvroRecords.encode(item).length;
        long held = bytes.value() == null ? 0 : bytes.value();
        if (held + size > maxStateBytes) {
            onOverflow(
                    item,
                    ctx,
                    "series holds "
                            + held
                            + " bytes; this instance's "
                            + size
                            + " would pass medstream.series.max-state-bytes ("
                            + maxStateBytes
                            + "); it is not in its report");
            return;
        }
        items.add(item);
        count.update(n);
        bytes.update(held + size);
        Integer expected = item.getSlice().getExpectedInstances();
        if (expected != null && n >= expected) {
            emit(
                    ctx.getCurrentKey(),
                    SeriesCompletion.EXPECTED_COUNT_REACHED,
                    ctx.timerService(),
                    out);
            return;
        }
        Long old = deadline.value();
        if (old != null) {
            ctx.timerService().deleteProcessingTimeTimer(old);
        }
        long at = ctx.timerService().currentProcessingTime() + inactivityMillis;
        ctx.timerService().registerProcessingTimeTimer(at);
        deadline.update(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CompletedSeries> out)
            throws Exception {
        Long d = deadline.value();
        if (d != null && d == timestamp) {
            emit(ctx.getCurrentKey(), SeriesCompletion.INACTIVITY_TIMEOUT, ctx.timerService(), out);
        }
    }

    /**
     * A slice beyond {@code maxInstances} or {@code maxStateBytes}: its mask is already out; only
     * the series report leaves it out, and the dead letter says so. Not kept in state.
     */
    private void onOverflow(SegmentedSlice item, Context ctx, String why) {
        deadLetters
                .letter(
                        STAGE,
                        DeadLetterReason.Group.LIMIT_EXCEEDED,
                        IllegalStateException.class.getName(),
                        why)
                .traceId(item.getSlice().getTraceId())
                .input(item)
                .time(System.currentTimeMillis())
                .emit(ctx::output);
    }

    private void emit(
            String seriesKey,
            SeriesCompletion why,
            TimerService timers,
            Collector<CompletedSeries> out)
            throws Exception {
        List<SegmentedSlice> all = new ArrayList<>();
        for (SegmentedSlice s : items.get()) {
            all.add(s);
        }
        Long d = deadline.value();
        if (d != null) {
            timers.deleteProcessingTimeTimer(d);
        }
        items.clear();
        count.clear();
        bytes.clear();
        deadline.clear();
        (why == SeriesCompletion.EXPECTED_COUNT_REACHED ? byCount : byTimeout).inc();
        List<SegmentedSlice> sorted =
                all.stream()
                        .sorted(
                                Comparator.comparing(
                                        (SegmentedSlice s) ->
                                                s.getSlice().getInstanceNumber() == null
                                                        ? Integer.MAX_VALUE
                                                        : s.getSlice().getInstanceNumber()))
                        .toList();
        out.collect(
                new CompletedSeries(
                        sorted.get(0).getSlice().getStudyInstanceUid(), seriesKey, why, sorted));
    }
}
