package io.medstream.operators.control;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelSwapException;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.batch.BatchBuffer;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A model stage: micro-batches its input by size and time (keyed by shard, see {@link
 * io.medstream.operators.batch.ShardKeys}) and runs each batch through the serving model version,
 * which is switched by {@link ModelControl} commands broadcast from the {@code models.control}
 * topic.
 *
 * <ul>
 *   <li>{@code open()} loads the shipped version; {@code close()} releases it. Nothing heavy is
 *       serialised.
 *   <li>A command for this stage's {@link ModelKind} loads the new version beside the old one,
 *       verifies and smoke-tests it ({@link ModelSlot}), then swaps. A batch is always processed by
 *       exactly one version, and the version is stamped on every output by {@link #processBatch}.
 *   <li>A version that fails to load leaves the old one serving and becomes one {@link DeadLetter}
 *       (stage {@code model-load}) on {@link #DEAD_LETTERS}.
 *   <li>Broadcast state holds the active {@link ModelVersion} only (ids and checksum, never
 *       weights); after a restore, the first element or timer reloads that version. The state is
 *       written only after a successful swap, so a version that fails on every subtask (bad
 *       checksum, bad file) never enters it. A failure on some subtasks only (e.g. out of memory)
 *       leaves them on the old version: the outputs' version stamps and the dead letter show where.
 * </ul>
 *
 * @param <IN> element type
 * @param <OUT> output type
 * @param <M> model type
 */
public abstract class ModelServingBatchFunction<IN, OUT, M extends AutoCloseable>
        extends KeyedBroadcastProcessFunction<Integer, IN, ModelControl, OUT> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelServingBatchFunction.class);

    /** Active version per model kind; the descriptor every stage shares on the control stream. */
    public static final MapStateDescriptor<String, ModelVersion> ACTIVE_MODELS =
            new MapStateDescriptor<>(
                    "active-models", Types.STRING, TypeInformation.of(ModelVersion.class));

    /** Stage name of a failed swap's dead letter. */
    public static final String MODEL_LOAD_STAGE = "model-load";

    private final ModelKind kind;
    private final ModelVersion shipped;
    private final int maxBatchSize;
    private final long maxDelayMillis;
    private final TypeInformation<IN> inType;

    private transient ModelSlot<M> slot;
    private transient BatchBuffer<IN> buffer;
    private transient Histogram batchSizes;
    private transient Histogram loadMillis;
    private transient Counter swaps;
    private transient Counter failedSwaps;

    /**
     * Elements buffered on this subtask since the last flush (approximate after a restore: starts
     * at 0).
     */
    private transient long queued;

    /** A restored version that failed to load here: not retried on every element. */
    private transient ModelVersion unrestorable;

    protected ModelServingBatchFunction(
            ModelKind kind,
            ModelVersion shipped,
            int maxBatchSize,
            long maxDelayMillis,
            TypeInformation<IN> inType) {
        BatchBuffer.checkLimits(maxBatchSize, maxDelayMillis);
        this.kind = kind;
        this.shipped = shipped;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.inType = inType;
    }

    /** Creates the loader in {@code open()}, on the task (the place to pick the device). */
    protected abstract ModelLoader<M> createLoader() throws Exception;

    /**
     * The version served from {@code open()} until a control command says otherwise: the
     * constructor's, or (when that is null) one the subclass resolves on the task, e.g. a model
     * shipped inside the job jar, which only the TaskManager can unpack.
     */
    protected ModelVersion initialVersion() throws Exception {
        if (shipped == null) {
            throw new IllegalStateException(
                    getClass().getSimpleName() + " has no initial model version");
        }
        return shipped;
    }

    /** Runs one batch through the serving model; stamp {@code model.version()} on every output. */
    protected abstract void processBatch(
            List<IN> batch, ModelSlot.Serving<M> model, ReadOnlyContext ctx, Collector<OUT> out)
            throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        var group =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("medstream")
                        .addGroup(kind.name().toLowerCase());
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(500));
        loadMillis = group.histogram("modelLoadMillis", new DescriptiveStatisticsHistogram(50));
        swaps = group.counter("modelSwaps");
        failedSwaps = group.counter("modelSwapFailures");
        group.gauge("queueDepth", (Gauge<Long>) () -> queued);
        buffer = new BatchBuffer<>(getRuntimeContext(), inType, maxBatchSize, maxDelayMillis);
        slot = new ModelSlot<>(createLoader());
        // The shipped version must load: without it the stage cannot serve anything, which is a
        // deployment error.
        timedSwap(initialVersion());
    }

    @Override
    public void processElement(IN value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        followBroadcastState(ctx.getBroadcastState(ACTIVE_MODELS));
        queued++;
        List<IN> batch = buffer.add(value, ctx.timerService());
        if (batch != null) {
            run(batch, ctx, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        followBroadcastState(ctx.getBroadcastState(ACTIVE_MODELS));
        List<IN> batch = buffer.onTimer(timestamp, ctx.timerService());
        if (batch != null) {
            run(batch, ctx, out);
        }
    }

    @Override
    public void processBroadcastElement(ModelControl cmd, Context ctx, Collector<OUT> out)
            throws Exception {
        if (cmd.getKind() != kind) {
            return;
        }
        ModelVersion next =
                new ModelVersion(cmd.getName(), cmd.getVersion(), cmd.getUri(), cmd.getSha256());
        BroadcastState<String, ModelVersion> state = ctx.getBroadcastState(ACTIVE_MODELS);
        try {
            timedSwap(next);
            state.put(kind.name(), next);
            swaps.inc();
            LOG.info("{} stage now serves {}", kind, next);
        } catch (ModelSwapException e) {
            failedSwaps.inc();
            LOG.warn(
                    "{} stage keeps serving {}: {}",
                    kind,
                    slot.current().version(),
                    e.getMessage());
            deadLetters()
                    .letter(
                            MODEL_LOAD_STAGE,
                            DeadLetterReason.Control.ofSwap(e.reason()),
                            e.getCause() != null
                                    ? e.getCause().getClass().getName()
                                    : e.getClass().getName(),
                            e.getMessage() + "; still serving " + slot.current().version())
                    .input(cmd)
                    .time(
                            cmd.getIssuedTimeMillis() != null
                                    ? cmd.getIssuedTimeMillis().toEpochMilli()
                                    : 0)
                    .emit(ctx::output);
        }
    }

    private void followBroadcastState(ReadOnlyBroadcastState<String, ModelVersion> state)
            throws Exception {
        ModelVersion wanted = state.get(kind.name());
        if (wanted != null && !slot.isServing(wanted) && !wanted.equals(unrestorable)) {
            try {
                timedSwap(wanted); // after a restore: the version the checkpoint says was active
            } catch (ModelSwapException e) {
                unrestorable = wanted;
                LOG.warn(
                        "{} stage cannot restore {}; serving {}",
                        kind,
                        wanted,
                        slot.current().version(),
                        e);
            }
        }
    }

    private void run(List<IN> batch, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        queued = Math.max(0, queued - batch.size());
        batchSizes.update(batch.size());
        processBatch(batch, slot.current(), ctx, out);
    }

    private void timedSwap(ModelVersion v) throws ModelSwapException {
        long t0 = System.nanoTime();
        slot.swapTo(v);
        loadMillis.update((System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The stage's dead letters (its own error strategy also governs failed swaps), ready once
     * {@link #open} has run.
     */
    protected abstract DeadLetters deadLetters();

    @Override
    public void close() throws Exception {
        if (slot != null) {
            slot.close();
        }
    }
}
