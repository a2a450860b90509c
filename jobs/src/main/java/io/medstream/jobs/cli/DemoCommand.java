package io.medstream.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.demo.IngestRun;
import io.medstream.jobs.demo.ScanFeeds;
import io.medstream.jobs.demo.ScanInput;
import io.medstream.jobs.kafka.KafkaBrokerProcess;
import io.medstream.jobs.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./medstream demo}: the main job on the embedded default. Starts its own Kafka broker (separate JVM) and a
 * Flink MiniCluster, streams phantom scans (or a directory of DICOM files), and reports what came out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the medstream job end to end on an embedded Kafka broker and Flink cluster.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "100", description = "Phantom scans to stream (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "20261128", description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dicom", description = "Stream the DICOM files under this directory instead of phantoms.")
    Path dicomDir;

    @Option(names = "--json", description = "Write the summary as JSON to this file.")
    Path json;

    @Option(names = "--work", defaultValue = "target/demo", description = "Working directory (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        List<ScanInput> inputs = dicomDir != null ? ScanFeeds.directory(dicomDir) : ScanFeeds.phantoms(count, seed);
        if (inputs.isEmpty()) {
            System.err.println("no DICOM files found under " + dicomDir);
            return 2;
        }
        Files.createDirectories(work);
        Path kafkaDir = Files.createTempDirectory(work.toAbsolutePath(), "kafka-");
        System.err.println("Starting Kafka broker (separate JVM) ...");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(kafkaDir, 0, Duration.ofSeconds(90))) {
            Configuration conf = IngestRun.embeddedConfig(broker.bootstrapServers(), parallelism, work.resolve("blobs"));
            MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
            KafkaTopics.ensure(broker.bootstrapServers(), List.of(s.ingest().dicomTopic(), s.ingest().eventsTopic()),
                    2, KafkaTopics.largeMessages());
            KafkaTopics.ensure(broker.bootstrapServers(), List.of(s.readyTopic(), s.dlqTopic()), 2,
                    IngestRun.appendTimeTopicConfig());

            System.err.printf("Streaming %d scans through the job (parallelism %d); Prometheus metrics on "
                    + "http://127.0.0.1:{%s}/metrics while it runs ...%n", inputs.size(), parallelism,
                    IngestRun.PROMETHEUS_PORTS);
            IngestRun.Result r;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("scans").setInitialMax(inputs.size())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build()) {
                r = IngestRun.run(s, conf, inputs, bar::stepTo);
            }
            printSummary(r);
            if (json != null) {
                writeJson(r, json);
                System.out.println("JSON summary: " + json);
            }
            return r.ready().size() + r.deadLetters().size() == inputs.size() ? 0 : 1;
        }
    }

    private static void printSummary(IngestRun.Result r) {
        System.out.println();
        System.out.println("+-------------------------------+------------+");
        row("scans in", Integer.toString(r.scansIn()));
        row("scans.ready (ScanEvent)", Integer.toString(r.ready().size()));
        row("scans.dlq (DeadLetter)", Integer.toString(r.deadLetters().size()));
        long claimChecked = r.ready().stream()
                .filter(e -> e.getPayload() instanceof io.medstream.schemas.ClaimCheck).count();
        row("  of which claim-checked", Long.toString(claimChecked));
        row("throughput (scans/s)", String.format("%.1f", r.throughputScansPerSec()));
        row("latency p50 (ms, visible)", Long.toString(r.latencyMsP50()));
        row("latency p99 (ms, visible)", Long.toString(r.latencyMsP99()));
        row("wall time (s)", String.format("%.1f", r.wallSeconds()));
        System.out.println("+-------------------------------+------------+");
        r.deadLettersByReason().forEach((k, v) -> System.out.println("  dead letters " + k + ": " + v));
    }

    private static void row(String k, String v) {
        System.out.printf("| %-29s | %10s |%n", k, v);
    }

    private static void writeJson(IngestRun.Result r, Path file) throws java.io.IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("scansIn", r.scansIn());
        o.put("readyOut", r.ready().size());
        o.put("deadLetters", r.deadLetters().size());
        o.put("throughputScansPerSec", r.throughputScansPerSec());
        o.put("latencyMsP50", r.latencyMsP50());
        o.put("latencyMsP99", r.latencyMsP99());
        o.put("wallSeconds", r.wallSeconds());
        ObjectNode reasons = o.putObject("deadLettersByReason");
        r.deadLettersByReason().forEach(reasons::put);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        m.writeValue(file.toFile(), o);
    }
}
