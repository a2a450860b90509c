package io.medstream.embedded.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

import io.medstream.embedded.IngestRun;
import io.medstream.embedded.OutputWatcher;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.ConfigLoader;
import io.medstream.jobs.config.Topic;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Exactly-once under faults, on a {@link LocalCluster}: streams phantom scans in series at a steady
 * rate with deliberately bad inputs mixed in, {@code kill -9}s TaskManagers (a spare is started and
 * registered before each kill) and Kafka nodes (killed, then started again), drains, and counts
 * what a {@code read_committed} consumer saw: every scan's mask and every series' report exactly
 * once, dead letters only for the bad inputs.
 *
 * <p>Each run uses topics, a consumer group and transactional ids of its own ({@code
 * chaos-<seed>-<time>.*}), so it neither reads an earlier run's records nor disturbs a job that
 * runs on the cluster already. The job is cancelled at the end; the cluster stays up.
 */
public final class ChaosRun {
    private ChaosRun() {}

    /**
     * What to do.
     *
     * @param scans good scans (phantom slices in series of {@value ScanFeeds#PHANTOM_SERIES_SIZE})
     * @param tmKills TaskManager kills
     * @param brokerRestarts Kafka node kills, each followed by a restart
     * @param scansPerSecond the steady input rate (keep it under the cluster's capacity)
     * @param badEvery one truncated DICOM file after this many good scans (0 = none)
     * @param seed phantoms, victims and the order of faults
     * @param parallelism {@code medstream.parallelism} of the job
     * @param checkpointInterval how often outputs are committed
     * @param drainTimeout how long to wait after the last input for every output
     */
    public record Options(
            int scans,
            int tmKills,
            int brokerRestarts,
            double scansPerSecond,
            int badEvery,
            long seed,
            int parallelism,
            Duration checkpointInterval,
            Duration drainTimeout) {
        public Options {
            if (scans < 1 || tmKills < 0 || brokerRestarts < 0 || scansPerSecond <= 0) {
                throw new IllegalArgumentException(
                        "scans >= 1, kills >= 0, restarts >= 0 and a positive rate are needed");
            }
        }
    }

    /**
     * What came out. {@code masks} and {@code reports} count distinct scans and series; {@code
     * lost} is expected outputs that never became visible, {@code duplicated} extra copies of any
     * output (masks, reports, dead letters); {@code deadLetters} all dead letters, {@code
     * unexpectedDeadLetters} those not for a deliberately bad input.
     */
    public record Report(
            int scans,
            int series,
            int badInputs,
            int masks,
            int reports,
            int lost,
            int duplicated,
            int deadLetters,
            int unexpectedDeadLetters,
            int tmKills,
            int brokerRestarts,
            double recoverySecondsMax,
            List<Double> recoverySeconds,
            long restarts,
            long maskLatencyMsP50,
            long maskLatencyMsP99,
            long maskLatencyMsMax,
            double scansPerSecond,
            long checkpointIntervalMs,
            double wallSeconds,
            long seed) {}

    /** Runs once on {@code cluster}; {@code progress} gets one line per event. */
    public static Report run(LocalCluster cluster, Options o, Consumer<String> progress)
            throws Exception {
        long started = System.currentTimeMillis();
        String run = "chaos-" + o.seed() + "-" + started;
        Map<Topic, String> topics = new EnumMap<>(Topic.class);
        List<String> overrides = new ArrayList<>();
        for (Topic t : Topic.values()) {
            topics.put(t, run + "." + t.key());
            overrides.add(t.option().key() + "=" + topics.get(t));
        }
        overrides.add("medstream.kafka.group-id=" + run);
        overrides.add("medstream.kafka.transactional-id-prefix=" + run);
        overrides.add("medstream.parallelism=" + o.parallelism());
        overrides.add("medstream.checkpoint.interval=" + o.checkpointInterval().toMillis() + " ms");
        cluster.createTopics(topics);
        Configuration conf = ConfigLoader.load(cluster.jobConfig(), overrides);

        List<ScanInput> good = ScanFeeds.phantomEvents(o.scans(), o.seed());
        List<ScanInput> inputs = new ArrayList<>();
        Set<String> badKeys = new LinkedHashSet<>();
        for (int i = 0; i < good.size(); i++) {
            inputs.add(good.get(i));
            if (o.badEvery() > 0 && (i + 1) % o.badEvery() == 0) {
                String key = run + "-bad-" + badKeys.size();
                badKeys.add(key);
                // a DICOM file cut off inside its header: the parse stage must dead-letter it
                byte[] dicom = good.get(i).dicom();
                inputs.add(new ScanInput(key, Arrays.copyOf(dicom, 200), key));
            }
        }
        Set<String> expectedSops = new LinkedHashSet<>();
        Set<String> expectedSeries = new LinkedHashSet<>();
        for (ScanInput in : good) {
            expectedSops.add(in.declared().getSopInstanceUid());
            expectedSeries.add(in.declared().getSeriesInstanceUid());
        }

        FlinkRest rest = cluster.rest();
        // the model stages have a slot-sharing group of their own: 2 slots per parallel instance
        int free = rest.get("/overview").path("slots-available").asInt();
        if (free < 2 * o.parallelism()) {
            throw new IllegalStateException(
                    "the cluster has "
                            + free
                            + " free slots and the chaos job needs "
                            + 2 * o.parallelism()
                            + ": cancel the running job (web UI) or start a fresh cluster");
        }
        List<String> outputs =
                List.of(topics.get(Topic.MASKS), topics.get(Topic.REPORTS), topics.get(Topic.DLQ));
        try (OutputWatcher watcher = new OutputWatcher(cluster.bootstrapServers(), outputs)) {
            JobClient job = ClusterJobs.submit(conf);
            String jobId = job.getJobID().toHexString();
            progress.accept("submitted job " + jobId + " (" + rest.url() + ")");
            try {
                awaitTasks(rest, jobId, Duration.ofMinutes(3));
                progress.accept("job running; streaming " + inputs.size() + " inputs");
                long feedStart = System.currentTimeMillis();
                Feeder feeder = new Feeder(cluster.bootstrapServers(), topics, inputs, o);
                Thread feed = new Thread(feeder, "chaos-feed");
                feed.start();

                List<Double> recoveries = new ArrayList<>();
                Random random = new Random(o.seed());
                List<Character> faults = new ArrayList<>();
                for (int i = 0; i < o.tmKills(); i++) {
                    faults.add('T');
                }
                for (int i = 0; i < o.brokerRestarts(); i++) {
                    faults.add('B');
                }
                Collections.shuffle(faults, random);
                double feedSeconds = inputs.size() / o.scansPerSecond();
                for (int f = 0; f < faults.size(); f++) {
                    long at =
                            feedStart + (long) (1000 * feedSeconds * (f + 1) / (faults.size() + 1));
                    sleepUntil(at);
                    if (faults.get(f) == 'T') {
                        recoveries.add(killTaskManager(cluster, rest, jobId, random, progress));
                    } else {
                        restartBroker(cluster, random, progress);
                    }
                }
                feed.join();
                if (feeder.failure.get() != null) {
                    throw new IllegalStateException(
                            "sending inputs failed: " + feeder.failure.get(), feeder.failure.get());
                }
                progress.accept("all inputs sent; draining");
                drain(
                        watcher,
                        topics,
                        expectedSops.size(),
                        expectedSeries.size(),
                        badKeys.size(),
                        o,
                        job);
                // late duplicates would arrive with the next checkpoints: watch two more
                Thread.sleep(2 * o.checkpointInterval().toMillis() + 2000);
                long restarts = rest.restarts(jobId);
                return report(
                        watcher,
                        topics,
                        o,
                        expectedSops,
                        expectedSeries,
                        badKeys,
                        recoveries,
                        restarts,
                        (System.currentTimeMillis() - started) / 1000.0);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Sends the inputs at the steady rate with one idempotent {@code acks=all} producer. */
    private static final class Feeder implements Runnable {
        private final String bootstrap;
        private final Map<Topic, String> topics;
        private final List<ScanInput> inputs;
        private final Options o;
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicInteger sent = new AtomicInteger();

        Feeder(String bootstrap, Map<Topic, String> topics, List<ScanInput> inputs, Options o) {
            this.bootstrap = bootstrap;
            this.topics = topics;
            this.inputs = inputs;
            this.o = o;
        }

        @Override
        public void run() {
            // a broker restart must delay a send, never lose it: retry for up to 2 minutes
            try (KafkaProducer<byte[], byte[]> p =
                    KafkaClients.producer(bootstrap, Map.of("delivery.timeout.ms", 120_000))) {
                long start = System.nanoTime();
                List<Future<?>> acks = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    long due = start + (long) (i * 1e9 / o.scansPerSecond());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    for (ProducerRecord<byte[], byte[]> r :
                            IngestRun.records(
                                    topics.get(Topic.DICOM),
                                    topics.get(Topic.EVENTS),
                                    List.of(inputs.get(i)))) {
                        acks.add(p.send(r));
                    }
                    sent.incrementAndGet();
                }
                p.flush();
                for (Future<?> f : acks) {
                    f.get();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }
    }

    private static double killTaskManager(
            LocalCluster cluster,
            FlinkRest rest,
            String jobId,
            Random random,
            Consumer<String> progress)
            throws Exception {
        ClusterProcess spare = cluster.startTaskManager(Duration.ofSeconds(90));
        List<String> busy = new ArrayList<>(rest.taskManagersOf(jobId));
        busy.remove(spare.name());
        if (busy.isEmpty()) {
            throw new IllegalStateException("no TaskManager runs a task of job " + jobId);
        }
        String victim = busy.get(random.nextInt(busy.size()));
        long before = rest.restarts(jobId);
        long t0 = System.nanoTime();
        cluster.killTaskManager(victim);
        progress.accept("kill -9 " + victim + " (spare " + spare.name() + " registered)");
        long deadline = t0 + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (rest.restarts(jobId) > before && rest.allTasksRunning(jobId)) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    progress.accept(String.format("job running again %.1f s after the kill", s));
                    return s;
                }
            } catch (IOException e) {
                // the JobManager answers again in a moment
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("job did not recover within 3 min of killing " + victim);
    }

    private static void restartBroker(
            LocalCluster cluster, Random random, Consumer<String> progress) throws Exception {
        int id = 1 + random.nextInt(LocalCluster.KAFKA_NODES);
        cluster.killBroker(id);
        progress.accept("kill -9 kafka-" + id);
        // long enough for leaders to move and producers to notice
        Thread.sleep(5000);
        cluster.restartBroker(id, Duration.ofSeconds(120));
        progress.accept("kafka-" + id + " restarted and back in the cluster");
    }

    private static void drain(
            OutputWatcher w,
            Map<Topic, String> topics,
            int masks,
            int series,
            int bad,
            Options o,
            JobClient job)
            throws Exception {
        long deadline = System.currentTimeMillis() + o.drainTimeout().toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended: " + job.getJobStatus().get());
            }
            if (distinctKeys(w, topics.get(Topic.MASKS), ChaosRun::maskKey).size() >= masks
                    && distinctKeys(w, topics.get(Topic.REPORTS), ChaosRun::reportKey).size()
                            >= series
                    && w.count(topics.get(Topic.DLQ)) >= bad) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static Report report(
            OutputWatcher w,
            Map<Topic, String> topics,
            Options o,
            Set<String> sops,
            Set<String> series,
            Set<String> badKeys,
            List<Double> recoveries,
            long restarts,
            double wall) {
        Map<String, Integer> maskCount = counts(w, topics.get(Topic.MASKS), ChaosRun::maskKey);
        Map<String, Integer> reportCount =
                counts(w, topics.get(Topic.REPORTS), ChaosRun::reportKey);
        Map<String, Integer> letterCount = counts(w, topics.get(Topic.DLQ), ChaosRun::letterKey);
        int lost = 0;
        for (String s : sops) {
            lost += maskCount.containsKey(s) ? 0 : 1;
        }
        for (String s : series) {
            lost += reportCount.containsKey(s) ? 0 : 1;
        }
        int duplicated = 0;
        for (Map<String, Integer> m : List.of(maskCount, reportCount, letterCount)) {
            for (int n : m.values()) {
                duplicated += n - 1;
            }
        }
        int unexpected = 0;
        for (var e : letterCount.entrySet()) {
            unexpected += badKeys.contains(e.getKey()) ? 0 : e.getValue();
        }
        lost += (int) badKeys.stream().filter(k -> !letterCount.containsKey(k)).count();
        // latency of the first visible copy of each mask
        Map<String, Long> latency = new HashMap<>();
        for (OutputWatcher.Seen s : w.records(topics.get(Topic.MASKS))) {
            SegmentationResult r = IngestRun.decode(SegmentationResult.class, s.value());
            latency.putIfAbsent(
                    r.getSopInstanceUid(),
                    s.visibleAtMillis() - r.getIngestTimeMillis().toEpochMilli());
        }
        long[] sorted = latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return new Report(
                sops.size(),
                series.size(),
                badKeys.size(),
                (int) sops.stream().filter(maskCount::containsKey).count(),
                (int) series.stream().filter(reportCount::containsKey).count(),
                lost,
                duplicated,
                w.count(topics.get(Topic.DLQ)),
                unexpected,
                o.tmKills(),
                o.brokerRestarts(),
                recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                List.copyOf(recoveries),
                restarts,
                IngestRun.percentile(sorted, 0.50),
                IngestRun.percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                o.scansPerSecond(),
                o.checkpointInterval().toMillis(),
                wall,
                o.seed());
    }

    private static String maskKey(byte[] value) {
        return IngestRun.decode(SegmentationResult.class, value).getSopInstanceUid();
    }

    private static String reportKey(byte[] value) {
        return IngestRun.decode(StudyReport.class, value).getSeriesInstanceUid();
    }

    private static String letterKey(byte[] value) {
        DeadLetter d = IngestRun.decode(DeadLetter.class, value);
        if (d.getOriginalKey() == null) {
            return "?"
                    + d.getSourceTopic()
                    + "/"
                    + d.getSourcePartition()
                    + "/"
                    + d.getSourceOffset();
        }
        return StandardCharsets.UTF_8.decode(d.getOriginalKey().duplicate()).toString();
    }

    private static Set<String> distinctKeys(
            OutputWatcher w, String topic, Function<byte[], String> key) {
        return counts(w, topic, key).keySet();
    }

    private static Map<String, Integer> counts(
            OutputWatcher w, String topic, Function<byte[], String> key) {
        Map<String, Integer> m = new HashMap<>();
        for (OutputWatcher.Seen s : w.records(topic)) {
            m.merge(key.apply(s.value()), 1, Integer::sum);
        }
        return m;
    }

    private static void awaitTasks(FlinkRest rest, String jobId, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.allTasksRunning(jobId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " did not start within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
