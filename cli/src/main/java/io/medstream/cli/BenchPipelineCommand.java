package io.medstream.cli;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.cli.bench.BareModelLoop;
import io.medstream.cli.bench.MemorySampler;
import io.medstream.cli.bench.PacedFeed;
import io.medstream.cli.bench.PipelineBenchFigures;
import io.medstream.embedded.IngestRun;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.config.Topic;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream bench pipeline}: in one JVM and one run, (1) the bare model loop ({@link
 * BareModelLoop}: same models, same batch sizes, no Flink/Kafka/Avro, one thread), (2) the whole
 * job on an embedded MiniCluster with all scans sent at once (capacity, from broker append times,
 * see {@link PipelineBenchFigures}), (3) the job again with the scans paced at a fraction of that
 * capacity (end-to-end latency p50/p99: ingest → mask visible to a {@code read_committed}
 * consumer). TaskManager heap and native memory are sampled during (2) and (3).
 *
 * <p>Parallelism defaults to 1 so that the job's model stages get one slot each, like the bare
 * loop's one thread; on the 2-core machine a higher parallelism only makes the model threads
 * compete for the same cores. Exactly-once sinks make outputs visible at checkpoints, so the
 * checkpoint interval (default 500 ms, shorter than the job's default) is a floor under every
 * latency figure.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the whole job (segment + draft) against the bare model loop: throughput, latency "
                        + "at partial load, TaskManager memory.")
public final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--json", required = true, description = "Write the results as JSON here.")
    Path json;

    @Option(
            names = "--scans",
            defaultValue = "100",
            description =
                    "Phantom scans per run, in series of 10 " + "(default: ${DEFAULT-VALUE}).")
    int scans;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "500",
            description =
                    "Checkpoint interval = commit interval of the exactly-once sinks (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Option(
            names = "--load",
            defaultValue = "0.5",
            description =
                    "Offered rate of the latency run as a fraction of the measured capacity "
                            + "(default: ${DEFAULT-VALUE}).")
    double load;

    @Override
    public Integer call() throws Exception {
        System.err.printf(
                "Generating %d phantom scans (seed %d, series of 10, box prompts) ...%n",
                scans, seed);
        List<ScanInput> inputs = ScanFeeds.phantomEvents(scans, seed);
        Path work = Files.createTempDirectory("medstream-bench-pipeline-");

        System.err.println("Bare model loop (one thread, no Flink/Kafka/Avro) ...");
        Configuration base =
                IngestRun.embeddedConfig("unused:9092", parallelism, work.resolve("blobs"));
        BareModelLoop.Result bare;
        try (ProgressBar bar = bar("bare loop", scans)) {
            bare =
                    BareModelLoop.run(
                            MedstreamSettings.fromConfiguration(base), inputs, bar::stepTo);
        }
        System.err.printf(
                "  %.2f scans/s; per scan: segment %.0f ms + draft %.0f ms (decode %.1f ms)%n",
                bare.scansPerSec(),
                bare.segmentMillisPerScan(),
                bare.draftMillisPerScan(),
                bare.decodeMillis() / bare.scans());

        PipelineBenchFigures.Figures f;
        try (KafkaBrokerProcess broker =
                        KafkaBrokerProcess.start(work.resolve("kafka"), 0, Duration.ofSeconds(90));
                MemorySampler memory = new MemorySampler(200)) {
            String bs = broker.bootstrapServers();
            Configuration cap = conf(bs, work, "cap");
            System.err.printf(
                    "Pipeline, all scans at once (parallelism %d, exactly-once, checkpoint every %d ms) ...%n",
                    parallelism, checkpointMs);
            PipelineRun.Result capRun;
            try (ProgressBar bar = bar("pipeline", scans)) {
                capRun =
                        PipelineRun.run(
                                MedstreamSettings.fromConfiguration(cap),
                                cap,
                                inputs,
                                Duration.ofMinutes(30),
                                p -> bar.stepTo(p.scansAccounted()));
            }
            MedstreamSettings capSettings = MedstreamSettings.fromConfiguration(cap);
            long[] maskTimes =
                    appendTimes(bs, capSettings.pipeline().masksTopic(), capRun.masks().size());
            long[] reportTimes =
                    appendTimes(bs, capSettings.pipeline().reportsTopic(), capRun.reports().size());
            double capacity =
                    PipelineBenchFigures.capacityScansPerSec(
                            scans,
                            capSettings.pipeline().segmentBatchSize(),
                            maskTimes,
                            reportTimes);
            System.err.printf(
                    "  %.2f scans/s (ratio to bare %.3f)%n",
                    capacity, capacity / bare.scansPerSec());

            double rate = PipelineBenchFigures.pacedRate(capacity, load);
            Configuration paced = conf(bs, work, "paced");
            System.err.printf(
                    "Pipeline, paced at %.2f scans/s (%.0f %% of capacity) for latency ...%n",
                    rate, load * 100);
            PipelineRun.Result pacedRun;
            try (ProgressBar bar = bar("paced, sent", scans)) {
                MedstreamSettings pacedSettings = MedstreamSettings.fromConfiguration(paced);
                PacedFeed feed = new PacedFeed(rate, bar::stepTo);
                pacedRun =
                        PipelineRun.run(
                                pacedSettings,
                                paced,
                                inputs,
                                Duration.ofMinutes(30),
                                p -> {},
                                job -> feed.send(pacedSettings, inputs));
            }
            if (pacedRun.masks().size() != scans || capRun.masks().size() != scans) {
                System.err.printf(
                        "WARNING: masks out: %d (capacity run), %d (paced run) of %d scans%n",
                        capRun.masks().size(), pacedRun.masks().size(), scans);
            }
            f =
                    new PipelineBenchFigures.Figures(
                            scans,
                            parallelism,
                            capSettings.pipeline().segmentBatchSize(),
                            checkpointMs,
                            bare,
                            capacity,
                            capRun.wallSeconds(),
                            rate,
                            pacedRun.scanLatencyMs(0.50),
                            pacedRun.scanLatencyMs(0.99),
                            pacedRun.scanLatencyMs(0.90),
                            pacedRun.scanLatencyMs(1.0),
                            pacedRun.reportLatencyMs(0.50),
                            pacedRun.reportLatencyMs(0.99),
                            capRun.masks().size(),
                            capRun.reports().size(),
                            capRun.deadLetters().size(),
                            memory.peaks());
        }
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = f.toJson(m);
        out.put(
                "machine",
                Runtime.getRuntime().availableProcessors()
                        + " cores, "
                        + System.getProperty("os.arch")
                        + ", Java "
                        + System.getProperty("java.version")
                        + ", torch threads "
                        + System.getProperty("ai.djl.pytorch.num_threads", "default"));
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        m.writeValue(json.toFile(), out);
        printSummary(f);
        System.out.println("JSON: " + json);
        return 0;
    }

    /**
     * A fresh set of topics, group and transactional ids per run, so runs never read each other's
     * records.
     */
    private Configuration conf(String bs, Path work, String run) throws Exception {
        return conf(bs, work, run, parallelism, checkpointMs);
    }

    /** Shared with {@code bench overload}. */
    static Configuration conf(String bs, Path work, String run, int parallelism, long checkpointMs)
            throws Exception {
        String p = "bench." + run + ".";
        Configuration conf = IngestRun.embeddedConfig(bs, parallelism, work.resolve("blobs"));
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Topic t : Topic.values()) {
            String name = p + t.key();
            conf.set(t.option(), name);
            (Topic.INPUTS.contains(t) ? inputs : outputs).add(name);
        }
        conf.set(MedstreamOptions.GROUP_ID, "bench-" + run);
        conf.set(MedstreamOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + run);
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(checkpointMs));
        int partitions = Math.max(1, parallelism);
        KafkaTopics.ensure(bs, inputs, partitions, KafkaTopics.largeMessages());
        // outputs with LogAppendTime: their timestamps are when the broker appended them (capacity)
        KafkaTopics.ensure(bs, outputs, partitions, IngestRun.appendTimeTopicConfig());
        return conf;
    }

    static long[] appendTimes(String bs, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> recs =
                KafkaClients.readAll(bs, topic, expected, Duration.ofMinutes(2), null);
        return recs.stream().mapToLong(ConsumerRecord::timestamp).toArray();
    }

    static ProgressBar bar(String name, int max) {
        return new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .build();
    }

    private static void printSummary(PipelineBenchFigures.Figures f) {
        System.out.println();
        System.out.println("+----------------------------------------+--------------+");
        row("scans (series of 10)", Integer.toString(f.scans()));
        row("parallelism / segment batch", f.parallelism() + " / " + f.segmentBatchSize());
        row("bare loop (scans/s)", String.format("%.2f", f.bare().scansPerSec()));
        row("pipeline (scans/s)", String.format("%.2f", f.pipelineScansPerSec()));
        row(
                "ratio (target >= " + PipelineBenchFigures.RATIO_TARGET + ")",
                String.format("%.3f", f.ratio()));
        row("model time per scan (ms)", String.format("%.0f", f.bare().modelMillisPerScan()));
        row(
                "  segment / draft share (ms)",
                String.format(
                        "%.0f / %.0f",
                        f.bare().segmentMillisPerScan(), f.bare().draftMillisPerScan()));
        row("paced at (scans/s)", String.format("%.2f", f.pacedScansPerSec()));
        row("latency mask p50 / p99 (ms)", f.latencyMsP50() + " / " + f.latencyMsP99());
        row("latency mask p90 / max (ms)", f.latencyMsP90() + " / " + f.latencyMsMax());
        row("  target p99 <= 1.5 x model (ms)", String.format("%.0f", f.latencyTargetMs()));
        row(
                "latency report p50 / p99 (ms)",
                f.reportLatencyMsP50() + " / " + f.reportLatencyMsP99());
        row("checkpoint interval (ms)", Long.toString(f.checkpointIntervalMs()));
        row(
                "TM heap used peak / max (MiB)",
                f.memory().heapUsedMiB() + " / " + f.memory().heapMaxMiB());
        row("TM native peak (MiB, RSS - heap)", Long.toString(f.memory().nativeMiB()));
        row(
                "masks / reports / dead letters",
                f.masks() + " / " + f.reports() + " / " + f.deadLetters());
        System.out.println("+----------------------------------------+--------------+");
    }

    private static void row(String k, String v) {
        System.out.printf("| %-38s | %12s |%n", k, v);
    }
}
