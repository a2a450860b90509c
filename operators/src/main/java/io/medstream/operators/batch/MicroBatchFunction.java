package io.medstream.operators.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Groups elements into micro-batches and hands each batch to {@link #processBatch} at once, flushing on
 * {@code maxBatchSize} elements or {@code maxDelayMillis} after the first buffered element, whichever comes first.
 *
 * <p>The buffer lives in keyed {@link ListState}, so a checkpoint covers elements that are waiting for their batch
 * and nothing is lost on failure. Key the input by a synthetic shard ({@link ShardKeys}), not by patient or series,
 * so that every subtask fills batches evenly. The shape mirrors Flink's proposed {@code AsyncBatchFunction}
 * (FLINK-38825) so it can be swapped for it once released.
 *
 * @param <IN> element type
 * @param <OUT> output type
 */
public abstract class MicroBatchFunction<IN, OUT> extends KeyedProcessFunction<Integer, IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final int maxBatchSize;
    private final long maxDelayMillis;
    private final TypeInformation<IN> inType;

    private transient ListState<IN> buffer;
    private transient ValueState<Integer> count;
    private transient ValueState<Long> timer;
    private transient Histogram batchSizes;

    protected MicroBatchFunction(int maxBatchSize, long maxDelayMillis, TypeInformation<IN> inType) {
        if (maxBatchSize < 1 || maxDelayMillis < 0) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1 and maxDelayMillis >= 0, got "
                    + maxBatchSize + " and " + maxDelayMillis);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.inType = inType;
    }

    /** Processes one full or timed-out batch (1..maxBatchSize elements, in arrival order). */
    protected abstract void processBatch(List<IN> batch, Context ctx, Collector<OUT> out) throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("batch-buffer", inType));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("batch-count", Types.INT));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("batch-timer", Types.LONG));
        batchSizes = getRuntimeContext().getMetricGroup().addGroup("medstream")
                .histogram("batchSize", new DescriptiveStatisticsHistogram(500));
    }

    @Override
    public void processElement(IN value, Context ctx, Collector<OUT> out) throws Exception {
        buffer.add(value);
        int n = count.value() == null ? 1 : count.value() + 1;
        count.update(n);
        if (n >= maxBatchSize) {
            flush(ctx, out);
        } else if (timer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + maxDelayMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        Long registered = timer.value();
        if (registered != null && registered == timestamp) {
            flush(ctx, out);
        }
    }

    private void flush(Context ctx, Collector<OUT> out) throws Exception {
        List<IN> batch = new ArrayList<>(maxBatchSize);
        for (IN in : buffer.get()) {
            batch.add(in);
        }
        Long registered = timer.value();
        if (registered != null) {
            ctx.timerService().deleteProcessingTimeTimer(registered);
        }
        // Clear before processing: the batch is handed over exactly once per element even if processing emits
        // further elements to this operator's key in the same call.
        buffer.clear();
        count.clear();
        timer.clear();
        if (!batch.isEmpty()) {
            batchSizes.update(batch.size());
            processBatch(batch, ctx, out);
        }
    }
}
