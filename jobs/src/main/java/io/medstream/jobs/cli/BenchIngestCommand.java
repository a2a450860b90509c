package io.medstream.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.jobs.bench.CodecBench;
import io.medstream.jobs.bench.PlainKafkaLoop;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.demo.IngestRun;
import io.medstream.jobs.demo.ScanFeeds;
import io.medstream.jobs.demo.ScanInput;
import io.medstream.jobs.kafka.KafkaBrokerProcess;
import io.medstream.jobs.kafka.KafkaClients;
import io.medstream.jobs.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./medstream bench ingest}: (1) DICOM parse+decode MB/s per sample file, (2) scans/s through the ingestion
 * job against Kafka's own exactly-once consume-transform-produce loop running the same parser, in one run on one
 * broker. Throughput on both sides is measured from the output topics' LogAppendTime (first to last append), so
 * start-up and final commit waits are excluded on both sides alike.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Benchmark DICOM decoding and the ingestion job against a plain Kafka loop.")
public final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--json", required = true, description = "Write the results as JSON here.")
    Path json;

    @Option(names = "--samples", description = "Directory of .dcm files for the codec figures "
            + "(default: ../shared/dicom-samples next to the repository, if present).")
    Path samples;

    @Option(names = "--scans", defaultValue = "2000", description = "Phantom scans through each pipeline (default: ${DEFAULT-VALUE}).")
    int scans;

    @Option(names = "--seed", defaultValue = "7", description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--codec-seconds", defaultValue = "2", description = "Minimum timing per codec file (default: ${DEFAULT-VALUE}).")
    double codecSeconds;

    @Override
    public Integer call() throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = m.createObjectNode();
        out.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));

        Path dir = samples != null ? samples : defaultSamples();
        ArrayNode codec = out.putArray("codec");
        if (dir != null && Files.isDirectory(dir)) {
            System.err.println("Codec: parse + decode every frame, per file in " + dir);
            for (CodecBench.Row r : CodecBench.run(dir, codecSeconds)) {
                codec.addPOJO(r);
                System.err.printf("  %-24s %-45s %8.1f MB/s file  %8.1f MB/s decoded%n", r.file(), r.transferSyntax(),
                        r.fileMBPerSec(), r.decodedMBPerSec());
            }
        } else {
            System.err.println("Codec figures skipped: no sample directory (use --samples DIR)");
        }

        System.err.printf("Generating %d phantom scans (seed %d) ...%n", scans, seed);
        List<ScanInput> inputs = ScanFeeds.phantoms(scans, seed);
        Path work = Files.createTempDirectory("medstream-bench-");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka"), 0, Duration.ofSeconds(90))) {
            String bs = broker.bootstrapServers();
            Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime",
                    "max.message.bytes", Integer.toString(KafkaBrokerProcess.MAX_MESSAGE_BYTES));
            KafkaTopics.ensure(bs, List.of("bench.dicom", "bench.events"), 1, KafkaTopics.largeMessages());
            KafkaTopics.ensure(bs, List.of("bench.flink.ready", "bench.flink.dlq", "bench.plain.ready",
                    "bench.plain.dlq", "bench.plain2.ready", "bench.plain2.dlq"), 1, appendTime);

            Configuration conf = new Configuration();
            conf.set(MedstreamOptions.BOOTSTRAP_SERVERS, bs);
            conf.set(MedstreamOptions.BOUNDED, false);
            conf.set(MedstreamOptions.PARALLELISM, 1);
            conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
            conf.set(MedstreamOptions.PSEUDONYM_SECRET, "bench");
            conf.set(MedstreamOptions.TOPIC_DICOM, "bench.dicom");
            conf.set(MedstreamOptions.TOPIC_EVENTS, "bench.events");
            conf.set(MedstreamOptions.TOPIC_READY, "bench.flink.ready");
            conf.set(MedstreamOptions.TOPIC_DLQ, "bench.flink.dlq");
            conf.set(MedstreamOptions.BLOB_STORE, work.resolve("blobs").toUri().toString());
            MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);

            // The Flink run produces the inputs; both plain loops then read the same topic.
            System.err.println("Flink job (parallelism 1, exactly-once, checkpoint every 1 s) ...");
            IngestRun.Result flink = IngestRun.run(s, conf, inputs, n -> { });
            System.err.printf("  %.1f scans/s%n", flink.throughputScansPerSec());

            double[] plain = new double[2];
            for (int i = 0; i < 2; i++) {
                String prefix = i == 0 ? "bench.plain" : "bench.plain2";
                System.err.println("Plain Kafka exactly-once loop, run " + (i + 1) + " ...");
                int[] counts = PlainKafkaLoop.run(bs, "bench.dicom", prefix + ".ready", prefix + ".dlq", s.ingest(),
                        inputs.size(), Duration.ofMinutes(20));
                plain[i] = appendRate(bs, prefix + ".ready", counts[0]);
                System.err.printf("  %.1f scans/s%n", plain[i]);
            }
            double plainMean = (plain[0] + plain[1]) / 2;
            ObjectNode p = out.putObject("pipeline");
            p.put("scans", inputs.size());
            p.put("meanScanBytes", inputs.stream().mapToLong(x -> x.dicom().length).sum() / (double) inputs.size());
            p.put("flinkScansPerSec", flink.throughputScansPerSec());
            p.put("flinkReady", flink.ready().size());
            p.put("flinkDeadLetters", flink.deadLetters().size());
            p.put("flinkLatencyMsP50", flink.latencyMsP50());
            p.put("flinkLatencyMsP99", flink.latencyMsP99());
            p.putArray("plainScansPerSecRuns").add(plain[0]).add(plain[1]);
            p.put("plainScansPerSec", plainMean);
            p.put("ratio", flink.throughputScansPerSec() / plainMean);
            System.err.printf("Ratio Flink / plain loop: %.3f%n", flink.throughputScansPerSec() / plainMean);
        }
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        m.writeValue(json.toFile(), out);
        System.out.println(m.writeValueAsString(out));
        return 0;
    }

    private static double appendRate(String bs, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> recs = KafkaClients.readAll(bs, topic, expected, Duration.ofMinutes(2), null);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ConsumerRecord<byte[], byte[]> r : recs) {
            first = Math.min(first, r.timestamp());
            last = Math.max(last, r.timestamp());
        }
        return recs.size() < 2 || last <= first ? Double.NaN : (recs.size() - 1) * 1000.0 / (last - first);
    }

    private static Path defaultSamples() {
        String root = System.getProperty("medstream.root", ".");
        Path p = Path.of(root).toAbsolutePath().resolve("../shared/dicom-samples").normalize();
        return Files.isDirectory(p) ? p : null;
    }

}
