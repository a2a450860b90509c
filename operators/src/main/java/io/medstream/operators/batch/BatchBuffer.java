package io.medstream.operators.batch;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.List;

/**
 * The keyed state of a size-or-time micro-batch: buffered elements, their count and the pending
 * flush timer. Shared by every batching function ({@code ModelServingBatchFunction} and the stages
 * built on it) so the flush rules live in one place. Elements wait in {@link ListState}, so
 * checkpoints cover them.
 *
 * @param <T> element type
 */
public final class BatchBuffer<T> {
    private final int maxBatchSize;
    private final long maxDelayMillis;
    private final ListState<T> buffer;
    private final ValueState<Integer> count;
    private final ValueState<Long> timer;

    public BatchBuffer(
            RuntimeContext ctx, TypeInformation<T> type, int maxBatchSize, long maxDelayMillis) {
        checkLimits(maxBatchSize, maxDelayMillis);
        this.maxBatchSize = maxBatchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.buffer = ctx.getListState(new ListStateDescriptor<>("batch-buffer", type));
        this.count = ctx.getState(new ValueStateDescriptor<>("batch-count", Types.INT));
        this.timer = ctx.getState(new ValueStateDescriptor<>("batch-timer", Types.LONG));
    }

    /**
     * Validates batch limits; functions call it in their constructors so a bad setting fails at job
     * build time.
     */
    public static void checkLimits(int maxBatchSize, long maxDelayMillis) {
        if (maxBatchSize < 1 || maxDelayMillis < 0) {
            throw new IllegalArgumentException(
                    "maxBatchSize must be >= 1 and maxDelayMillis >= 0, got "
                            + maxBatchSize
                            + " and "
                            + maxDelayMillis);
        }
    }

    /**
     * Buffers an element of the current key. Returns the batch to process now when it became full,
     * else null (and makes sure a flush timer is pending, {@code maxDelayMillis} after the batch's
     * first element).
     */
    public List<T> add(T element, TimerService timers) throws Exception {
        buffer.add(element);
        int n = count.value() == null ? 1 : count.value() + 1;
        count.update(n);
        if (n >= maxBatchSize) {
            return drain(timers);
        }
        if (timer.value() == null) {
            long at = timers.currentProcessingTime() + maxDelayMillis;
            timers.registerProcessingTimeTimer(at);
            timer.update(at);
        }
        return null;
    }

    /** On a processing-time timer: the batch to process when this is its flush timer, else null. */
    public List<T> onTimer(long timestamp, TimerService timers) throws Exception {
        Long registered = timer.value();
        return registered != null && registered == timestamp ? drain(timers) : null;
    }

    /**
     * Removes and returns everything buffered for the current key (cleared before the caller
     * processes it).
     */
    private List<T> drain(TimerService timers) throws Exception {
        List<T> batch = new ArrayList<>(maxBatchSize);
        for (T t : buffer.get()) {
            batch.add(t);
        }
        Long registered = timer.value();
        if (registered != null) {
            timers.deleteProcessingTimeTimer(registered);
        }
        buffer.clear();
        count.clear();
        timer.clear();
        return batch.isEmpty() ? null : batch;
    }
}
