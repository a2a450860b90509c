package io.medstream.operators.batch;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Groups elements into micro-batches and hands each batch to {@link #processBatch} at once,
 * flushing on {@code maxBatchSize} elements or {@code maxDelayMillis} after the first buffered
 * element, whichever comes first.
 *
 * <p>The buffer lives in keyed {@link ListState}, so a checkpoint covers elements that are waiting
 * for their batch and nothing is lost on failure. Key the input by a synthetic shard ({@link
 * ShardKeys}), not by patient or series, so that every subtask fills batches evenly. The shape
 * mirrors Flink's proposed {@code AsyncBatchFunction} (FLINK-38825) so it can be swapped for it
 * once released.
 *
 * @param <IN> element type
 * @param <OUT> output type
 */
public abstract class MicroBatchFunction<IN, OUT> extends KeyedProcessFunction<Integer, IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final int maxBatchSize;
    private final long maxDelayMillis;
    private final TypeInformation<IN> inType;

    private transient BatchBuffer<IN> buffer;
    private transient Histogram batchSizes;

    protected MicroBatchFunction(
            int maxBatchSize, long maxDelayMillis, TypeInformation<IN> inType) {
        BatchBuffer.checkLimits(maxBatchSize, maxDelayMillis);
        this.maxBatchSize = maxBatchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.inType = inType;
    }

    /** Processes one full or timed-out batch (1..maxBatchSize elements, in arrival order). */
    protected abstract void processBatch(List<IN> batch, Context ctx, Collector<OUT> out)
            throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        buffer = new BatchBuffer<>(getRuntimeContext(), inType, maxBatchSize, maxDelayMillis);
        batchSizes =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("medstream")
                        .histogram("batchSize", new DescriptiveStatisticsHistogram(500));
    }

    @Override
    public void processElement(IN value, Context ctx, Collector<OUT> out) throws Exception {
        process(buffer.add(value, ctx.timerService()), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        process(buffer.onTimer(timestamp, ctx.timerService()), ctx, out);
    }

    private void process(List<IN> batch, Context ctx, Collector<OUT> out) throws Exception {
        if (batch != null) {
            batchSizes.update(batch.size());
            processBatch(batch, ctx, out);
        }
    }
}
