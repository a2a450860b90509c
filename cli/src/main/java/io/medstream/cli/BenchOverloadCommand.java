package io.medstream.cli;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.cli.bench.MemorySampler;
import io.medstream.cli.bench.PacedFeed;
import io.medstream.cli.bench.PipelineBenchFigures;
import io.medstream.cli.bench.PrometheusScrape;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.jobs.config.MedstreamSettings;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream bench overload}: the whole job offered more than it can do. (1) A short run
 * with all probe scans at once measures the capacity (as {@code bench pipeline} does); (2) a fresh
 * job is offered {@code --factor} × that rate for {@code --minutes}, then the run waits until every
 * scan's mask and every series' report is out. Reported: TaskManager heap and native peaks during
 * (2), dead letters (none expected: overload is backpressure, not loss), how long the backlog took
 * to drain after the last scan was sent, and the highest backpressure and source lag (Flink's
 * {@code backPressuredTimeMsPerSecond} per task, the Kafka source's {@code pendingRecords}) seen on
 * the Prometheus endpoint.
 */
@Command(
        name = "overload",
        mixinStandardHelpOptions = true,
        description =
                "Offer the job a multiple of its measured capacity for some minutes: memory peaks, dead"
                        + " letters, backlog drain time, backpressure and source lag.")
public final class BenchOverloadCommand implements Callable<Integer> {

    @Option(names = "--json", required = true, description = "Write the results as JSON here.")
    Path json;

    @Option(
            names = "--factor",
            defaultValue = "2.0",
            description = "Offered rate as a multiple of the capacity (default: ${DEFAULT-VALUE}).")
    double factor;

    @Option(
            names = "--minutes",
            defaultValue = "5",
            description = "How long the overload is offered (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--capacity",
            defaultValue = "0",
            description =
                    "Capacity in scans/s; 0 measures it first with --probe-scans (default: ${DEFAULT-VALUE}).")
    double capacity;

    @Option(
            names = "--probe-scans",
            defaultValue = "40",
            description = "Scans of the capacity probe (default: ${DEFAULT-VALUE}).")
    int probeScans;

    @Option(
            names = "--seed",
            defaultValue = "11",
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
            description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Override
    public Integer call() throws Exception {
        if (factor <= 0 || minutes <= 0 || probeScans < 10) {
            throw new IllegalArgumentException(
                    "--factor and --minutes must be > 0, --probe-scans >= 10");
        }
        Path work = Files.createTempDirectory("medstream-bench-overload-");
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(work.resolve("kafka"), 0, Duration.ofSeconds(90))) {
            String bs = broker.bootstrapServers();
            if (capacity <= 0) {
                capacity = probe(bs, work);
            }
            double rate = factor * capacity;
            // whole series of 10, so every series completes by count
            int scans = Math.max(10, (int) Math.ceil(rate * minutes * 60 / 10) * 10);
            System.err.printf(
                    "Overload: %d scans at %.2f scans/s (%.1f x %.2f) for %.1f min ...%n",
                    scans, rate, factor, capacity, minutes);
            List<ScanInput> inputs = ScanFeeds.phantomEvents(scans, seed);
            Configuration conf =
                    BenchPipelineCommand.conf(bs, work, "overload", parallelism, checkpointMs);
            int port = freePort();
            conf.setString("metrics.reporter.prom.port", Integer.toString(port));
            MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
            long[] sendEnd = {0};
            long start = System.currentTimeMillis();
            PipelineRun.Result r;
            MemorySampler.Peaks peaks;
            Map<String, Double> maxima;
            int scrapes;
            try (MemorySampler memory = new MemorySampler(200);
                    PrometheusScrape prom =
                            new PrometheusScrape(
                                    port,
                                    2_000,
                                    "_backPressuredTimeMsPerSecond",
                                    "_pendingRecords",
                                    "_medstream_segment_inFlight",
                                    "_medstream_draft_inFlight");
                    ProgressBar bar = BenchPipelineCommand.bar("sent", scans)) {
                PacedFeed feed = new PacedFeed(rate, bar::stepTo);
                r =
                        PipelineRun.run(
                                s,
                                conf,
                                inputs,
                                Duration.ofMinutes((long) Math.ceil(minutes * 6) + 10),
                                p -> {},
                                job -> {
                                    feed.send(s, inputs);
                                    sendEnd[0] = System.currentTimeMillis();
                                });
                peaks = memory.peaks();
                maxima = prom.maxima();
                scrapes = prom.scrapes();
            }
            if (sendEnd[0] == 0) {
                throw new IllegalStateException("the feed did not finish sending");
            }
            // includes the job's cancel and the scraper's stop (a few seconds at most)
            double drainSeconds = (System.currentTimeMillis() - sendEnd[0]) / 1000.0;
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode o = m.createObjectNode();
            o.put("capacityScansPerSec", capacity);
            o.put("factor", factor);
            o.put("offeredScansPerSec", rate);
            o.put("minutes", minutes);
            o.put("scans", scans);
            o.put("masks", r.masks().size());
            o.put("reports", r.reports().size());
            o.put("deadLetters", r.deadLetters().size());
            o.put("sendSeconds", (sendEnd[0] - start) / 1000.0);
            o.put("drainSecondsAfterLastSend", drainSeconds);
            o.put("maskLatencyMsP50", r.scanLatencyMs(0.50));
            o.put("maskLatencyMsP99", r.scanLatencyMs(0.99));
            o.put("heapUsedPeakMiB", peaks.heapUsedMiB());
            o.put("heapCommittedPeakMiB", peaks.heapCommittedMiB());
            o.put("heapMaxMiB", peaks.heapMaxMiB());
            o.put("rssPeakMiB", peaks.rssMiB());
            o.put("nativePeakMiB", peaks.nativeMiB());
            o.put("memorySamples", peaks.samples());
            o.put("prometheusScrapes", scrapes);
            ObjectNode mx = o.putObject("metricMaxima");
            maxima.forEach(mx::put);
            o.put(
                    "machine",
                    Runtime.getRuntime().availableProcessors()
                            + " cores, Java "
                            + System.getProperty("java.version")
                            + ", torch threads "
                            + System.getProperty("ai.djl.pytorch.num_threads", "default"));
            if (json.getParent() != null) {
                Files.createDirectories(json.getParent());
            }
            m.writeValue(json.toFile(), o);
            System.out.println(m.writeValueAsString(o));
            return r.masks().size() == scans && r.deadLetters().isEmpty() ? 0 : 1;
        }
    }

    /** All probe scans at once: capacity from broker append times, as {@code bench pipeline}. */
    private double probe(String bs, Path work) throws Exception {
        System.err.printf("Capacity probe: %d scans at once ...%n", probeScans);
        List<ScanInput> inputs = ScanFeeds.phantomEvents(probeScans, seed + 1);
        Configuration conf =
                BenchPipelineCommand.conf(bs, work, "probe", parallelism, checkpointMs);
        MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
        PipelineRun.Result r;
        try (ProgressBar bar = BenchPipelineCommand.bar("probe", probeScans)) {
            r =
                    PipelineRun.run(
                            s,
                            conf,
                            inputs,
                            Duration.ofMinutes(20),
                            p -> bar.stepTo(p.scansAccounted()));
        }
        double c =
                PipelineBenchFigures.capacityScansPerSec(
                        probeScans,
                        s.pipeline().segmentBatchSize(),
                        BenchPipelineCommand.appendTimes(
                                bs, s.pipeline().masksTopic(), r.masks().size()),
                        BenchPipelineCommand.appendTimes(
                                bs, s.pipeline().reportsTopic(), r.reports().size()));
        System.err.printf("  capacity %.2f scans/s%n", c);
        return c;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
