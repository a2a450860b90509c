package io.medstream.embedded;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Runs the ingestion job once over a fixed set of scans on an embedded Flink cluster against a
 * Kafka broker, and measures it from a downstream consumer's point of view. Used by {@code demo}
 * and {@code bench ingest}.
 */
public final class IngestRun {

    /** What came out, and how fast. */
    public record Result(
            int scansIn,
            List<ScanEvent> ready,
            List<DeadLetter> deadLetters,
            double wallSeconds,
            double throughputScansPerSec,
            long latencyMsP50,
            long latencyMsP99) {

        public Map<String, Integer> deadLettersByReason() {
            Map<String, Integer> m = new TreeMap<>();
            deadLetters.forEach(d -> m.merge(d.getStage() + "/" + d.getReason(), 1, Integer::sum));
            return m;
        }
    }

    private IngestRun() {}

    /**
     * Starts the (unbounded) job, streams the inputs into the settings' DICOM topic while it runs,
     * waits until every input has come out as a committed ready event or dead letter, then cancels
     * the job.
     *
     * @param progress called with the number of inputs accounted for so far
     */
    public static Result run(
            MedstreamSettings s,
            Configuration flinkConf,
            List<ScanInput> inputs,
            IntConsumer progress)
            throws Exception {
        return run(s, flinkConf, inputs, true, progress);
    }

    /**
     * As {@link #run(MedstreamSettings, Configuration, List, IntConsumer)}; with {@code produce =
     * false} the inputs are expected to be in the DICOM topic already (benchmarks that feed several
     * consumers the same records).
     */
    public static Result run(
            MedstreamSettings s,
            Configuration flinkConf,
            List<ScanInput> inputs,
            boolean produce,
            IntConsumer progress)
            throws Exception {
        if (s.bounded()) {
            throw new IllegalArgumentException(
                    "IngestRun streams into a running job: use an unbounded source");
        }
        try (OutputWatcher watcher =
                new OutputWatcher(s.bootstrapServers(), List.of(s.readyTopic(), s.dlqTopic()))) {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flinkConf);
            MedstreamJob.build(env, s);
            long start = System.currentTimeMillis();
            JobClient job = env.executeAsync("medstream ingestion");
            awaitRunning(job);

            if (produce) {
                // Stream the scans into the running job, as a hospital gateway would.
                KafkaClients.produceAll(
                        s.bootstrapServers(), records(s.ingest().dicomTopic(), inputs));
            }

            int done = 0;
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
            while (done < inputs.size() && System.currentTimeMillis() < deadline) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(); // rethrows the job's failure
                    throw new IllegalStateException("the job stopped before all scans came out");
                }
                Thread.sleep(100);
                done = watcher.count(s.readyTopic()) + watcher.count(s.dlqTopic());
                progress.accept(done);
            }
            double wall = (System.currentTimeMillis() - start) / 1000.0;
            // Everything is committed and visible: the open (empty) transaction may be aborted by
            // the cancel.
            job.cancel().get();

            List<OutputWatcher.Seen> ready = watcher.records(s.readyTopic());
            List<OutputWatcher.Seen> dead = watcher.records(s.dlqTopic());
            List<ScanEvent> events = new ArrayList<>();
            long[] latencies = new long[ready.size()];
            for (int i = 0; i < ready.size(); i++) {
                ScanEvent e = decode(ScanEvent.class, ready.get(i).value());
                events.add(e);
                latencies[i] =
                        ready.get(i).visibleAtMillis() - e.getIngestTimeMillis().toEpochMilli();
            }
            List<DeadLetter> letters = new ArrayList<>();
            for (OutputWatcher.Seen d : dead) {
                letters.add(decode(DeadLetter.class, d.value()));
            }
            Arrays.sort(latencies);
            return new Result(
                    inputs.size(),
                    events,
                    letters,
                    wall,
                    appendRate(ready, dead),
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99));
        }
    }

    /**
     * Configuration for a run on an embedded Flink cluster against {@code bootstrap}: unbounded
     * source, 1 s checkpoints (outputs visible within about a second), a fixed demo secret, blobs
     * under {@code blobDir}, a few restarts.
     */
    public static Configuration embeddedConfig(String bootstrap, int parallelism, Path blobDir) {
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(MedstreamOptions.BOUNDED, false);
        conf.set(MedstreamOptions.PARALLELISM, parallelism);
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, "medstream-demo-secret");
        conf.set(MedstreamOptions.BLOB_STORE, blobDir.toAbsolutePath().toUri().toString());
        // Twice the parallelism: the model stages run in a slot-sharing group of their own
        // (medstream.models.slot-sharing-group).
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(2 * parallelism));
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        // Metrics (medstream.* counters and histograms, Kafka and checkpoint metrics) for
        // Prometheus to scrape.
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", PROMETHEUS_PORTS);
        return conf;
    }

    /**
     * Output topics whose record timestamps are the broker's append time, so throughput can be read
     * off them.
     */
    public static Map<String, String> appendTimeTopicConfig() {
        return Map.of(
                "message.timestamp.type",
                "LogAppendTime",
                "max.message.bytes",
                Integer.toString(KafkaBrokerProcess.MAX_MESSAGE_BYTES));
    }

    /** Port range of the embedded cluster's Prometheus endpoint (the first free one is used). */
    public static final String PROMETHEUS_PORTS = "9249-9259";

    /**
     * The inputs as producer records keyed by series, stamped with the current time (the ingest
     * time).
     */
    public static List<ProducerRecord<byte[], byte[]>> records(
            String topic, List<ScanInput> inputs) {
        return records(topic, null, inputs);
    }

    /**
     * As {@link #records(String, List)}; inputs with a declared {@link ScanEvent} go to {@code
     * eventsTopic} as Avro, their ingest time set to the send time.
     */
    public static List<ProducerRecord<byte[], byte[]>> records(
            String dicomTopic, String eventsTopic, List<ScanInput> inputs) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ScanInput in : inputs) {
            long now = System.currentTimeMillis();
            byte[] key = in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8);
            if (in.declared() != null && eventsTopic != null) {
                ScanEvent e =
                        ScanEvent.newBuilder(in.declared())
                                .setIngestTimeMillis(Instant.ofEpochMilli(now))
                                .build();
                records.add(
                        new ProducerRecord<>(eventsTopic, null, now, key, AvroRecords.encode(e)));
            } else {
                records.add(new ProducerRecord<>(dicomTopic, null, now, key, in.dicom()));
            }
        }
        return records;
    }

    /**
     * Waits up to 2 min until the job runs; rethrows its failure if it ends first. Shared with
     * PipelineRun.
     */
    public static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (job.getJobStatus().get().isGloballyTerminalState()
                    || System.currentTimeMillis() > deadline) {
                job.getJobExecutionResult().get();
                throw new IllegalStateException(
                        "the job did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Steady-state rate: outputs per second between the first and the last broker append time
     * (output topics use LogAppendTime), which excludes cluster start-up and the final commit wait.
     */
    static double appendRate(List<OutputWatcher.Seen> a, List<OutputWatcher.Seen> b) {
        return appendRate(
                Stream.concat(a.stream(), b.stream())
                        .mapToLong(OutputWatcher.Seen::timestamp)
                        .toArray());
    }

    /**
     * (n − 1) / (last − first) in records per second over broker append times; NaN for fewer than 2
     * or no spread.
     */
    public static double appendRate(long[] appendTimes) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : appendTimes) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        int n = appendTimes.length;
        return n < 2 || last <= first ? Double.NaN : (n - 1) * 1000.0 / (last - first);
    }

    public static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    public static <T extends SpecificRecordBase> T decode(Class<T> type, byte[] bytes) {
        try {
            return AvroRecords.decode(type, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
