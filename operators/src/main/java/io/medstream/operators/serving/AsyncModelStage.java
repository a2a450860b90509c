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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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

    /** How long {@link #close()} waits for workers still in a model call. */
    static final long CLOSE_GRACE_MILLIS = 1000;

    /** Stage name of a failed swap's dead letter. */
    public static final String MODEL_LOAD_STAGE = "model-load";

    private final ModelKind kind;
    private final ServingSettings serving;

    private transient BatchQueue<Job<REQ, OUT>> queue;
    private transient Map<ResultFuture<OUT>, Job<REQ, OUT>> pending;

    /** Versions whose failure was already reported by a dead letter on this subtask. */
    private transient Set<ModelVersion> reported;

    /** Swap dead letters not yet attached to an answer. */
    private transient Queue<DeadLetter> undelivered;

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
        reported = ConcurrentHashMap.newKeySet();
        undelivered = new ConcurrentLinkedQueue<>();
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
        // the stage. Whoever removes a job from pending answers it (here, or the worker when it is
        // done), so every request gets exactly one answer; a queued job leaves the queue too, so
        // the queue stays within the operator's capacity.
        Job<REQ, OUT> job = pending.remove(resultFuture);
        if (job == null) {
            return; // answered meanwhile
        }
        job.timedOut = true;
        queue.remove(job);
        timeouts.inc();
        LOG.warn("{} request timed out after {} ms", kind, serving.timeoutMillis());
        try {
            List<OUT> answer = new ArrayList<>(2);
            answer.add(timedOut(request, serving.timeoutMillis()));
            addUndelivered(answer);
            resultFuture.complete(answer);
        } catch (RuntimeException e) { // FAILOVER
            resultFuture.completeExceptionally(e);
        }
    }

    /** Swap dead letters whose request was answered by its timeout ride on the next answer. */
    private void addUndelivered(List<OUT> answer) {
        List<DeadLetter> letters = new ArrayList<>();
        for (DeadLetter d; (d = undelivered.poll()) != null; ) {
            letters.add(d);
        }
        if (!letters.isEmpty()) {
            answer.add(lettersOnly(letters));
        }
    }

    /** One model worker: its own thread and model slot, which it closes when it stops. */
    private final class Worker implements Runnable {
        final ModelSlot<M> slot;
        final Thread thread;

        /** Versions that failed to load on this worker (another worker may still load them). */
        final Set<ModelVersion> unloadable = new HashSet<>();

        Worker(ModelSlot<M> slot, String name) {
            this.slot = slot;
            this.thread = new Thread(this, "medstream-model-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
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
                    } catch (Throwable t) {
                        // never let a worker die silently: fail what it had not answered
                        LOG.error("{} worker failed a batch", kind, t);
                        batch.forEach(j -> fail(j, t));
                    } finally {
                        busyWorkers.decrementAndGet();
                    }
                }
            } finally {
                try {
                    slot.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} model failed", kind, e);
                }
            }
        }

        private void serve(List<Job<REQ, OUT>> taken) throws Exception {
            // The jobs that have not timed out, grouped by requested version, in order.
            Map<ModelVersion, List<Job<REQ, OUT>>> byVersion = new LinkedHashMap<>();
            long now = System.nanoTime();
            for (Job<REQ, OUT> j : taken) {
                if (!j.timedOut) {
                    queueMillis.update((now - j.enqueuedNanos) / 1_000_000);
                    byVersion
                            .computeIfAbsent(requestedVersion(j.request), k -> new ArrayList<>())
                            .add(j);
                }
            }
            for (var e : byVersion.entrySet()) {
                List<Job<REQ, OUT>> jobs = e.getValue();
                follow(this, e.getKey());
                List<OUT> outs;
                try {
                    outs = processBatch(jobs.stream().map(j -> j.request).toList(), slot.current());
                } catch (Throwable t) {
                    LOG.error("{} stage failed a batch of {}", kind, jobs.size(), t);
                    jobs.forEach(j -> fail(j, t));
                    continue;
                }
                if (outs.size() != jobs.size()) {
                    throw new IllegalStateException(
                            kind + " stage answered " + outs.size() + " of " + jobs.size());
                }
                batchSizes.update(jobs.size());
                for (int i = 0; i < jobs.size(); i++) {
                    Job<REQ, OUT> j = jobs.get(i);
                    if (pending.remove(j.future) == null) {
                        continue; // its timeout answered it
                    }
                    List<OUT> answer = new ArrayList<>(2);
                    answer.add(outs.get(i));
                    addUndelivered(answer);
                    j.future.complete(answer);
                }
            }
        }
    }

    /** Fails {@code j} unless its timeout answered it already. */
    private void fail(Job<REQ, OUT> j, Throwable t) {
        if (pending.remove(j.future) != null) {
            j.future.completeExceptionally(t);
        }
    }

    /**
     * Swaps the worker to {@code wanted} unless it serves it or it failed on this worker before. A
     * failure leaves the old version serving there and becomes one {@code model-load} dead letter
     * per subtask, delivered with the next answer.
     */
    private void follow(Worker w, ModelVersion wanted) {
        if (wanted == null || w.slot.isServing(wanted) || w.unloadable.contains(wanted)) {
            return;
        }
        ModelVersion old = w.slot.current().version();
        try {
            timedSwap(w.slot, wanted);
            swaps.inc();
            LOG.info("{} worker now serves {}", kind, wanted);
        } catch (ModelSwapException e) {
            w.unloadable.add(wanted);
            if (reported.add(wanted)) { // one dead letter per subtask, not per worker
                failedSwaps.inc();
                LOG.warn("{} stage keeps serving {}: {}", kind, old, e.getMessage());
                undelivered.addAll(
                        deadLetters()
                                .letter(
                                        MODEL_LOAD_STAGE,
                                        DeadLetterReason.Control.ofSwap(e.reason()),
                                        e.getCause() != null
                                                ? e.getCause().getClass().getName()
                                                : e.getClass().getName(),
                                        e.getMessage() + "; still serving " + old)
                                .time(System.currentTimeMillis())
                                .collect());
            }
        }
    }

    private void timedSwap(ModelSlot<M> slot, ModelVersion v) throws ModelSwapException {
        long t0 = System.nanoTime();
        slot.swapTo(v);
        loadMillis.update((System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Stops the workers: each closes its own model when its thread ends. Waits at most {@value
     * #CLOSE_GRACE_MILLIS} ms in all, and goes on waiting for the others if the task thread is
     * interrupted. Idle workers stop at once (a finishing job has answered everything before
     * close). A model call still running, as during a failover with a multi-second draft in flight,
     * is left to its daemon thread, which closes the model when the call returns: waiting for it
     * would hold up the restart of the whole job, and closing the model under it would crash the
     * native call.
     */
    @Override
    public void close() throws Exception {
        running = false;
        if (workers == null) {
            return;
        }
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        boolean interrupted = false;
        for (Worker w : workers) {
            if (!w.thread.isAlive()) {
                if (w.thread.getState() == Thread.State.NEW) {
                    w.slot.close(); // open() failed before the workers started
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (w.thread.isAlive()) {
                LOG.info(
                        "{} worker {} is still in a model call; it closes its model when the call"
                                + " returns",
                        kind,
                        w.thread.getName());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
