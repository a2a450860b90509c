package io.medstream.cli;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.cli.demo.DemoHtml;
import io.medstream.cli.demo.DemoMetrics;
import io.medstream.embedded.IngestRun;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.AnalysisStatus;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream demo}: the main job on the embedded default. Starts its own Kafka broker
 * (separate JVM) and a Flink MiniCluster, runs the whole job (ingest → SAM-UNet → series grouping →
 * CSR report drafting) with the shipped models, streams phantom scans (with box prompts, in series
 * of 10) or a directory of DICOM files, and reports what came out: a summary table, optional JSON,
 * and an HTML page.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the medstream job end to end on an embedded Kafka broker and Flink cluster.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--count",
            defaultValue = "100",
            description = "Phantom scans to stream (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--seed",
            defaultValue = "20261128",
            description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dicom",
            description =
                    "Stream the DICOM files under this directory instead of phantoms "
                            + "(raw, no prompts: automatic mode; series complete after the inactivity timeout).")
    Path dicomDir;

    @Option(names = "--json", description = "Write the summary as JSON to this file.")
    Path json;

    @Option(names = "--html", description = "Directory of the HTML page (default: <work>/).")
    Path html;

    @Option(
            names = "--work",
            defaultValue = "target/demo",
            description = "Working directory (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--series-timeout",
            defaultValue = "PT15S",
            description = "Series inactivity timeout, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration seriesTimeout;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        // Every model subtask runs libtorch on this machine's cores: one intra-op thread per
        // subtask when there are
        // fewer cores than subtasks, else the threads spin-wait on each other (measured 10-40x
        // slower).
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Map<String, PhantomSlice> phantoms = new HashMap<>();
        List<ScanInput> inputs;
        if (dicomDir != null) {
            inputs = ScanFeeds.directory(dicomDir);
        } else {
            inputs = ScanFeeds.phantomEvents(count, seed);
            PhantomGenerator g = new PhantomGenerator();
            for (int i = 0; i < count; i++) {
                PhantomSlice s =
                        g.generateSeriesSlice(
                                seed,
                                i / ScanFeeds.PHANTOM_SERIES_SIZE,
                                i % ScanFeeds.PHANTOM_SERIES_SIZE);
                phantoms.put(s.sopInstanceUid(), s);
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("no DICOM files found under " + dicomDir);
            return 2;
        }
        Files.createDirectories(work);
        Path kafkaDir = Files.createTempDirectory(work.toAbsolutePath(), "kafka-");
        System.err.println("Starting Kafka broker (separate JVM) ...");
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(kafkaDir, 0, Duration.ofSeconds(90))) {
            Configuration conf =
                    IngestRun.embeddedConfig(
                            broker.bootstrapServers(), parallelism, work.resolve("blobs"));
            conf.set(MedstreamOptions.SERIES_INACTIVITY, seriesTimeout);
            MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
            var p = s.pipeline();
            KafkaTopics.ensure(
                    broker.bootstrapServers(),
                    List.of(s.ingest().dicomTopic(), s.ingest().eventsTopic()),
                    2,
                    KafkaTopics.largeMessages());
            KafkaTopics.ensure(
                    broker.bootstrapServers(),
                    List.of(
                            s.readyTopic(),
                            s.dlqTopic(),
                            p.masksTopic(),
                            p.reportsTopic(),
                            p.fhirTopic(),
                            p.preferencesTopic()),
                    2,
                    IngestRun.appendTimeTopicConfig());
            KafkaTopics.ensure(broker.bootstrapServers(), List.of(p.controlTopic()), 1, Map.of());

            System.err.printf(
                    "Streaming %d scans through the job (parallelism %d, shipped models); Prometheus "
                            + "metrics on http://127.0.0.1:{%s}/metrics while it runs ...%n",
                    inputs.size(), parallelism, IngestRun.PROMETHEUS_PORTS);
            PipelineRun.Result r;
            try (ProgressBar bar =
                    new ProgressBarBuilder()
                            .setTaskName("scans")
                            .setInitialMax(inputs.size())
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(200)
                            .continuousUpdate()
                            .build()) {
                r =
                        PipelineRun.run(
                                s,
                                conf,
                                inputs,
                                timeout,
                                pr -> {
                                    bar.stepTo(pr.scansAccounted());
                                    bar.setExtraMessage(
                                            pr.reports() + "/" + pr.seriesSeen() + " reports");
                                });
            }
            Map<String, Object> summary = summary(r, phantoms, dicomDir == null);
            printSummary(summary, r);
            Path htmlDir = html != null ? html : work;
            Map<String, String> page = new LinkedHashMap<>();
            summary.forEach((k, v) -> page.put(k, format(v)));
            Path index = DemoHtml.write(htmlDir, page, inputs, r, phantoms);
            System.out.println("HTML page: " + index.toAbsolutePath());
            if (json != null) {
                writeJson(summary, r, json);
                System.out.println("JSON summary: " + json);
            }
            int scanLetters =
                    (int) r.deadLetters().stream().filter(PipelineRun::isScanLetter).count();
            return r.masks().size() + scanLetters == inputs.size() ? 0 : 1;
        }
    }

    private static Map<String, Object> summary(
            PipelineRun.Result r, Map<String, PhantomSlice> phantoms, boolean isPhantom) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scansIn", r.scansIn());
        m.put("masksOut", r.masks().size());
        m.put("reportsOut", r.reports().size());
        // series outside the drafter's intended use: a visible report that says why, no findings
        m.put(
                "notAnalysedSeries",
                r.reports().stream()
                        .filter(x -> x.getAnalysis() == AnalysisStatus.NOT_ANALYSED)
                        .count());
        // lesion sentences over all reports (each report has one finding per lesion sentence)
        m.put("lesionFindings", r.reports().stream().mapToInt(x -> x.getFindings().size()).sum());
        m.put("fhirReportsOut", r.fhirReports());
        m.put("preferencePairs", r.pairs().size());
        m.put("deadLetters", r.deadLetters().size());
        m.put("throughputScansPerSec", r.throughputScansPerSec());
        m.put("latencyMsP50", r.scanLatencyMs(0.50));
        m.put("latencyMsP99", r.scanLatencyMs(0.99));
        m.put("reportLatencyMsP50", r.reportLatencyMs(0.50));
        m.put("reportLatencyMsP99", r.reportLatencyMs(0.99));
        if (isPhantom) {
            m.put("meanDice", DemoMetrics.mean(DemoMetrics.dice(r.masks(), phantoms)));
            m.put("chairS", DemoMetrics.chairS(r.reports(), phantoms));
        }
        m.put("modelVersions", DemoMetrics.modelVersions(r.masks(), r.reports()));
        m.put("wallSeconds", r.wallSeconds());
        return m;
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v);
    }

    private static void printSummary(Map<String, Object> s, PipelineRun.Result r) {
        System.out.println();
        System.out.println("+-------------------------------+----------------+");
        s.forEach(
                (k, v) -> {
                    if (!(v instanceof List)) {
                        System.out.printf("| %-29s | %14s |%n", k, format(v));
                    }
                });
        System.out.println("+-------------------------------+----------------+");
        System.out.println(
                "  models: "
                        + String.join("; ", DemoMetrics.modelVersions(r.masks(), r.reports())));
        r.deadLettersByReason()
                .forEach((k, v) -> System.out.println("  dead letters " + k + ": " + v));
    }

    private static void writeJson(Map<String, Object> s, PipelineRun.Result r, Path file)
            throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.valueToTree(s);
        ObjectNode reasons = o.putObject("deadLettersByReason");
        r.deadLettersByReason().forEach(reasons::put);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        m.writeValue(file.toFile(), o);
    }
}
