package io.medstream.operators.serving;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelSwapException;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model stage run through Flink's async I/O, so that inference never runs on the task thread: the
 * task thread only hands requests to a pool of model workers and a checkpoint barrier passes while
 * a multi-second model call is in flight (the async operator checkpoints the requests still in
 * flight and re-sends them after a restore; the stages' output ids are derived from input UIDs and
 * model version, so the replay writes the same records).
 *
 * <ul>
 *   <li>{@code open()} loads the version to serve once per worker ({@link ServingSettings#workers},
 *       each its own {@link ModelSlot} and thread) and starts the workers; {@code close()} stops
 *       them and releases the models.
 *   <li>Workers take micro-batches from one shared {@link BatchQueue} (cut by size or by the oldest
 *       request's wait) and call {@link #processBatch}, which answers every request of the batch.
 *   <li>Each request carries the version its router read from the control stream ({@link
 *       #requestedVersion}; null = none announced, keep serving). A worker swaps to it before
 *       serving it, beside the old one ({@link ModelSlot}); a version that fails to load or
 *       smoke-test leaves the old one serving and becomes one {@code model-load} dead letter per
 *       subtask, carried in the outcome of the first request it affected. A batch is served by
 *       exactly one version, stamped on every output by the stage.
 *   <li>A request not answered within {@link ServingSettings#timeoutMillis} is answered with a dead
 *       letter (reason TIMEOUT) by {@link #timedOut}; a worker that had not started it skips it.
 * </ul>
 *
 * Async functions have no side outputs, so every answer is one outcome record {@code OUT} holding
 * the stage's output and its dead letters; a split after the operator routes them.
 *
 * @param <REQ> request (input plus requested model version)
 * @param <OUT> outcome of one request
 * @param <M> model type
 */
public abstract class AsyncModelStage<REQ, OUT, M extends AutoCloseable>
        extends RichAsyncFunction<REQ, OUT> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncModelStage.class);

    /** Stage name of a failed swap's dead letter. */
    public static final String MODEL_LOAD_STAGE = "model-load";

    private final ModelKind kind;
    private final ServingSettings serving;

    private transient BatchQueue<Job<REQ, OUT>> queue;
    private transient Map<ResultFuture<OUT>, Job<REQ, OUT>> pending;
    private transient Set<ModelVersion> unloadable;
    private transient List<Worker> workers;
    private transient volatile boolean running;
    private transient Histogram batchSizes;
    private transient Histogram loadMillis;
    private transient Histogram queueMillis;
    private transient Counter swaps;
    private transient Counter failedSwaps;
    private transient Counter timeouts;
    private transient AtomicInteger busyWorkers;

    protected AsyncModelStage(ModelKind kind, ServingSettings serving) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.serving = Objects.requireNonNull(serving, "serving");
    }

    /**
     * One loader per worker, created in {@code open()} on the task (the place to pick a device).
     */
    protected abstract ModelLoader<M> createLoader() throws Exception;

    /** The version served from {@code open()} until a request asks for another. */
    protected abstract ModelVersion initialVersion() throws Exception;

    /** The version the router attached to {@code request}; null: keep serving the current one. */
    protected abstract ModelVersion requestedVersion(REQ request);

    /**
     * Runs one batch on a worker thread: exactly one outcome per request, in order. Failures of one
     * request are the stage's to turn into that request's dead letter; what this throws fails every
     * request of the batch (and so the job: reserved for the FAILOVER strategy and for bugs).
     */
    protected abstract List<OUT> processBatch(List<REQ> batch, ModelSlot.Serving<M> model)
            throws Exception;

    /**
     * The outcome of a request that timed out: its TIMEOUT dead letter (or nothing, by strategy).
     */
    protected abstract OUT timedOut(REQ request, long timeoutMillis);

    /** An outcome carrying only {@code letters} (a failed swap's). */
    protected abstract OUT lettersOnly(List<DeadLetter> letters);

    /** The stage's dead letters; its error strategy also governs failed swaps. */
    protected abstract DeadLetters deadLetters();

    /** The stage's metric group ({@code medstream.<stage>}), for the pool's metrics. */
    protected abstract MetricGroup stageMetrics();

    @Override
    public void open(OpenContext openContext) throws Exception {
        MetricGroup g = stageMetrics();
        batchSizes = g.histogram("batchSize", new DescriptiveStatisticsHistogram(500));
        loadMillis = g.histogram("modelLoadMillis", new DescriptiveStatisticsHistogram(50));
        queueMillis = g.histogram("queueMillis", new DescriptiveStatisticsHistogram(500));
        swaps = g.counter("modelSwaps", new ThreadSafeSimpleCounter());
        failedSwaps = g.counter("modelSwapFailures", new ThreadSafeSimpleCounter());
        timeouts = g.counter("timeouts", new ThreadSafeSimpleCounter());
        queue = new BatchQueue<>(serving.maxBatchSize(), serving.maxDelayMillis());
        pending = new ConcurrentHashMap<>();
        unloadable = ConcurrentHashMap.newKeySet();
        busyWorkers = new AtomicInteger();
        g.gauge("queueDepth", (Gauge<Integer>) () -> queue.size());
        g.gauge("inFlight", (Gauge<Integer>) () -> pending.size());
        g.gauge("busyWorkers", (Gauge<Integer>) busyWorkers::get);
        ModelVersion first = initialVersion();
        workers = new ArrayList<>();
        running = true;
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        for (int i = 0; i < serving.workers(); i++) {
            ModelSlot<M> slot = new ModelSlot<>(createLoader());
            workers.add(new Worker(slot, kind.name().toLowerCase() + "-" + subtask + "-" + i));
            // The first version must load: without it the stage cannot serve anything, which is a
            // deployment error, so the exception fails open().
            timedSwap(slot, first);
        }
        workers.forEach(w -> w.thread.start());
    }

    @Override
    public void asyncInvoke(REQ request, ResultFuture<OUT> resultFuture) {
        Job<REQ, OUT> job = new Job<>(request, resultFuture, System.nanoTime());
        pending.put(resultFuture, job);
        queue.put(job);
    }

    @Override
    public void timeout(REQ request, ResultFuture<OUT> resultFuture) {
        // Answers even a request that a worker is serving: a model call that hangs must not hold
        // the stage. Flink keeps the first answer, so a late one from the worker is dropped; a
        // worker that has not started the request skips it.
        Job<REQ, OUT> job = pending.remove(resultFuture);
        if (job == null) {
            return; // answered meanwhile
        }
        job.timedOut = true;
        timeouts.inc();
        LOG.warn("{} request timed out after {} ms", kind, serving.timeoutMillis());
        try {
            resultFuture.complete(List.of(timedOut(request, serving.timeoutMillis())));
        } catch (RuntimeException e) { // FAILOVER
            resultFuture.completeExceptionally(e);
        }
    }

    /** One model worker: its own thread and model slot. */
    private final class Worker implements Runnable {
        final ModelSlot<M> slot;
        final Thread thread;

        Worker(ModelSlot<M> slot, String name) {
            this.slot = slot;
            this.thread = new Thread(this, "medstream-model-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                List<Job<REQ, OUT>> batch;
                try {
                    batch = queue.take();
                } catch (InterruptedException e) {
                    return; // close()
                }
                busyWorkers.incrementAndGet();
                try {
                    serve(batch);
                } finally {
                    busyWorkers.decrementAndGet();
                }
            }
        }

        private void serve(List<Job<REQ, OUT>> taken) {
            // Claim the jobs that have not timed out; group them by requested version, in order.
            Map<ModelVersion, List<Job<REQ, OUT>>> byVersion = new LinkedHashMap<>();
            long now = System.nanoTime();
            for (Job<REQ, OUT> j : taken) {
                if (!j.timedOut) {
                    queueMillis.update((now - j.enqueuedNanos) / 1_000_000);
                    ModelVersion v = requestedVersion(j.request);
                    byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(j);
                }
            }
            for (var e : byVersion.entrySet()) {
                List<DeadLetter> swapLetters = new ArrayList<>();
                List<Job<REQ, OUT>> jobs = e.getValue();
                try {
                    follow(slot, e.getKey(), swapLetters);
                    List<OUT> outs =
                            processBatch(
                                    jobs.stream().map(j -> j.request).toList(), slot.current());
                    if (outs.size() != jobs.size()) {
                        throw new IllegalStateException(
                                kind + " stage answered " + outs.size() + " of " + jobs.size());
                    }
                    batchSizes.update(jobs.size());
                    for (int i = 0; i < jobs.size(); i++) {
                        List<OUT> answer = new ArrayList<>(2);
                        answer.add(outs.get(i));
                        if (i == 0 && !swapLetters.isEmpty()) {
                            answer.add(lettersOnly(swapLetters));
                        }
                        jobs.get(i).future.complete(answer);
                    }
                } catch (Throwable t) {
                    LOG.error("{} stage failed a batch of {}", kind, jobs.size(), t);
                    jobs.forEach(j -> j.future.completeExceptionally(t));
                } finally {
                    jobs.forEach(j -> pending.remove(j.future));
                }
            }
        }
    }

    /** Swaps {@code slot} to {@code wanted} unless it serves it or it failed here before. */
    private void follow(ModelSlot<M> slot, ModelVersion wanted, List<DeadLetter> letters) {
        if (wanted == null || slot.isServing(wanted) || unloadable.contains(wanted)) {
            return;
        }
        ModelVersion old = slot.current().version();
        try {
            timedSwap(slot, wanted);
            swaps.inc();
            LOG.info("{} worker now serves {}", kind, wanted);
        } catch (ModelSwapException e) {
            if (unloadable.add(wanted)) { // one dead letter per subtask, not per worker
                failedSwaps.inc();
                LOG.warn("{} stage keeps serving {}: {}", kind, old, e.getMessage());
                deadLetters()
                        .letter(
                                MODEL_LOAD_STAGE,
                                DeadLetterReason.Control.ofSwap(e.reason()),
                                e.getCause() != null
                                        ? e.getCause().getClass().getName()
                                        : e.getClass().getName(),
                                e.getMessage() + "; still serving " + old)
                        .time(System.currentTimeMillis())
                        .emit((tag, letter) -> letters.add(letter));
            }
        }
    }

    private void timedSwap(ModelSlot<M> slot, ModelVersion v) throws ModelSwapException {
        long t0 = System.nanoTime();
        slot.swapTo(v);
        loadMillis.update((System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() throws Exception {
        running = false;
        Exception failure = null;
        if (workers != null) {
            for (Worker w : workers) {
                w.thread.interrupt();
            }
            for (Worker w : workers) {
                w.thread.join(60_000);
                try {
                    w.slot.close();
                } catch (Exception e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A request in flight; {@code timedOut} is set by {@link #timeout} (task thread). */
    private static final class Job<REQ, OUT> {
        final REQ request;
        final ResultFuture<OUT> future;
        final long enqueuedNanos;
        volatile boolean timedOut;

        Job(REQ request, ResultFuture<OUT> future, long enqueuedNanos) {
            this.request = request;
            this.future = future;
            this.enqueuedNanos = enqueuedNanos;
        }
    }
}
