package io.medstream.operators.group;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the instances of one series (the key) until the series is complete, then emits them
 * together and clears all state of the key. A series is complete when its expected instance count
 * is reached (when the sender told us it) or after {@code inactivityMillis} without a new instance
 * (processing time), like the inactivity grouping of DICOM gateways. Every new instance pushes the
 * inactivity deadline back.
 *
 * @param <T> instance type
 * @param <G> emitted group type ({@link #toGroup} builds it; a concrete type keeps Flink's
 *     serializer efficient)
 */
public abstract class SeriesGroupFunction<T, G> extends KeyedProcessFunction<String, T, G> {
    private static final long serialVersionUID = 1L;

    /** Why a group was emitted. */
    public enum Completion {
        EXPECTED_COUNT_REACHED,
        INACTIVITY_TIMEOUT
    }

    /** A complete series, for subclasses that need no special type. */
    public record Group<T>(String seriesKey, List<T> items, Completion completion) {}

    private final long inactivityMillis;
    private final int maxInstances;
    private final TypeInformation<T> type;

    private transient ListState<T> items;
    private transient ValueState<Integer> count;
    private transient ValueState<Long> deadline;
    private transient Counter byCount;
    private transient Counter byTimeout;

    /**
     * @param maxInstances instances kept per series: the state of a key is bounded by it; later
     *     instances of the same group go to {@link #onOverflow} instead
     */
    protected SeriesGroupFunction(
            long inactivityMillis, int maxInstances, TypeInformation<T> type) {
        if (inactivityMillis <= 0) {
            throw new IllegalArgumentException("inactivityMillis must be positive");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be >= 1");
        }
        this.inactivityMillis = inactivityMillis;
        this.maxInstances = maxInstances;
        this.type = type;
    }

    /**
     * An instance beyond {@code maxInstances} for its series (e.g. emit a dead letter). Not kept in
     * state.
     */
    protected abstract void onOverflow(T item, Context ctx, int limit);

    /** The number of instances the series will have, or null when unknown. */
    protected abstract Integer expectedInstances(T item);

    /** The output for a complete series. */
    protected abstract G toGroup(String seriesKey, List<T> items, Completion completion);

    @Override
    public void open(OpenContext openContext) throws Exception {
        items = getRuntimeContext().getListState(new ListStateDescriptor<>("series-items", type));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("series-count", Types.INT));
        deadline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("series-deadline", Types.LONG));
        var g = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup("series");
        byCount = g.counter("completedByCount");
        byTimeout = g.counter("completedByTimeout");
    }

    @Override
    public void processElement(T item, Context ctx, Collector<G> out) throws Exception {
        int n = count.value() == null ? 1 : count.value() + 1;
        if (n > maxInstances) {
            onOverflow(item, ctx, maxInstances);
            return;
        }
        items.add(item);
        count.update(n);
        Integer expected = expectedInstances(item);
        if (expected != null && n >= expected) {
            emit(ctx.getCurrentKey(), Completion.EXPECTED_COUNT_REACHED, ctx.timerService(), out);
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<G> out) throws Exception {
        Long d = deadline.value();
        if (d != null && d == timestamp) {
            emit(ctx.getCurrentKey(), Completion.INACTIVITY_TIMEOUT, ctx.timerService(), out);
        }
    }

    private void emit(
            String key,
            Completion why,
            org.apache.flink.streaming.api.TimerService timers,
            Collector<G> out)
            throws Exception {
        List<T> all = new ArrayList<>();
        for (T t : items.get()) {
            all.add(t);
        }
        Long d = deadline.value();
        if (d != null) {
            timers.deleteProcessingTimeTimer(d);
        }
        items.clear();
        count.clear();
        deadline.clear();
        (why == Completion.EXPECTED_COUNT_REACHED ? byCount : byTimeout).inc();
        out.collect(toGroup(key, all, why));
    }
}
