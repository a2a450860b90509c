package io.medstream.cli;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.cli.bench.CodecBench;
import io.medstream.cli.bench.PlainKafkaLoop;
import io.medstream.embedded.IngestRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream bench ingest}: (1) DICOM parse+decode MB/s per sample file, (2) scans/s
 * through the ingestion job against Kafka's own exactly-once consume-transform-produce loop running
 * the same parser, in one run on one broker. Throughput on both sides is measured from the output
 * topics' LogAppendTime (first to last append), so start-up and final commit waits are excluded on
 * both sides alike.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Benchmark DICOM decoding and the ingestion job against a plain Kafka loop.")
public final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--json", required = true, description = "Write the results as JSON here.")
    Path json;

    @Option(
            names = "--samples",
            description =
                    "Directory of .dcm files for the codec figures "
                            + "(default: the repository's test-support/data/dicom-samples).")
    Path samples;

    @Option(
            names = "--scans",
            defaultValue = "2000",
            description = "Phantom scans through each pipeline (default: ${DEFAULT-VALUE}).")
    int scans;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Alternating plain/Flink rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--codec-seconds",
            defaultValue = "2",
            description = "Minimum timing per codec file (default: ${DEFAULT-VALUE}).")
    double codecSeconds;

    @Override
    public Integer call() throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = m.createObjectNode();
        out.put(
                "machine",
                Runtime.getRuntime().availableProcessors()
                        + " cores, "
                        + System.getProperty("os.arch")
                        + ", Java "
                        + System.getProperty("java.version"));

        Path dir = samples != null ? samples : defaultSamples();
        ArrayNode codec = out.putArray("codec");
        if (dir != null && Files.isDirectory(dir)) {
            System.err.println("Codec: parse + decode every frame, per file in " + dir);
            for (CodecBench.Row r : CodecBench.run(dir, codecSeconds)) {
                codec.addPOJO(r);
                System.err.printf(
                        "  %-24s %-45s %8.1f MB/s file  %8.1f MB/s decoded%n",
                        r.file(), r.transferSyntax(), r.fileMBPerSec(), r.decodedMBPerSec());
            }
        } else {
            System.err.println("Codec figures skipped: no sample directory (use --samples DIR)");
        }

        System.err.printf("Generating %d phantom scans (seed %d) ...%n", scans, seed);
        List<ScanInput> inputs = ScanFeeds.phantoms(scans, seed);
        Path work = Files.createTempDirectory("medstream-bench-");
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(work.resolve("kafka"), 0, Duration.ofSeconds(90))) {
            String bs = broker.bootstrapServers();
            Map<String, String> appendTime = IngestRun.appendTimeTopicConfig();
            KafkaTopics.ensure(
                    bs, List.of("bench.dicom", "bench.events"), 1, KafkaTopics.largeMessages());

            Configuration conf = IngestRun.embeddedConfig(bs, 1, work.resolve("blobs"));
            conf.set(MedstreamOptions.TOPIC_DICOM, "bench.dicom");
            conf.set(MedstreamOptions.TOPIC_EVENTS, "bench.events");
            conf.set(MedstreamOptions.BLOB_STORE, work.resolve("blobs").toUri().toString());
            conf.set(MedstreamOptions.TOPIC_READY, "bench.unused.ready");
            conf.set(MedstreamOptions.TOPIC_DLQ, "bench.unused.dlq");
            conf.set(
                    MedstreamOptions.MODELS_ENABLED,
                    false); // ingestion only: the model stages have their own bench
            MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);

            // Same input for every run. Plain loop and job alternate for several rounds, so drift
            // in the machine's
            // load (other processes) spreads both figures alike instead of biasing the ratio;
            // medians are reported.
            KafkaClients.produceAll(bs, IngestRun.records("bench.dicom", inputs));
            ArrayNode rounds = out.putArray("rounds");
            double[] plain = new double[this.rounds];
            double[] flink = new double[this.rounds];
            double[] ratios = new double[this.rounds];
            IngestRun.Result last = null;
            for (int r = 0; r < this.rounds; r++) {
                plain[r] = plainRun(bs, "bench.plain" + r, s, inputs.size(), r + 1);
                String ready = "bench.flink" + r + ".ready";
                String dlq = "bench.flink" + r + ".dlq";
                KafkaTopics.ensure(bs, List.of(ready, dlq), 1, appendTime);
                conf.set(MedstreamOptions.TOPIC_READY, ready);
                conf.set(MedstreamOptions.TOPIC_DLQ, dlq);
                conf.set(MedstreamOptions.GROUP_ID, "bench-flink-" + r);
                conf.set(MedstreamOptions.TRANSACTIONAL_ID_PREFIX, "bench-flink-" + r);
                System.err.printf(
                        "Flink job, round %d (parallelism 1, exactly-once, checkpoint every 1 s) ...%n",
                        r + 1);
                last =
                        IngestRun.run(
                                MedstreamSettings.fromConfiguration(conf),
                                conf,
                                inputs,
                                false,
                                n -> {});
                flink[r] = last.throughputScansPerSec();
                ratios[r] = flink[r] / plain[r];
                System.err.printf("  %.1f scans/s (ratio %.3f)%n", flink[r], ratios[r]);
                rounds.addObject()
                        .put("plainScansPerSec", plain[r])
                        .put("flinkScansPerSec", flink[r])
                        .put("ratio", ratios[r]);
            }
            ObjectNode p = out.putObject("pipeline");
            p.put("scans", inputs.size());
            p.put("rounds", this.rounds);
            p.put(
                    "meanScanBytes",
                    inputs.stream().mapToLong(x -> x.dicom().length).sum()
                            / (double) inputs.size());
            p.put("flinkScansPerSec", median(flink));
            p.put("plainScansPerSec", median(plain));
            p.put("ratio", median(ratios));
            p.put("flinkReady", last.ready().size());
            p.put("flinkDeadLetters", last.deadLetters().size());
            System.err.printf(
                    "Median ratio Flink / plain loop over %d rounds: %.3f%n",
                    this.rounds, median(ratios));
        }
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        m.writeValue(json.toFile(), out);
        System.out.println(m.writeValueAsString(out));
        return 0;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double plainRun(String bs, String prefix, MedstreamSettings s, int n, int run)
            throws Exception {
        System.err.println("Plain Kafka exactly-once loop, run " + run + " ...");
        KafkaTopics.ensure(
                bs,
                List.of(prefix + ".ready", prefix + ".dlq"),
                1,
                IngestRun.appendTimeTopicConfig());
        int[] counts =
                PlainKafkaLoop.run(
                        bs,
                        "bench.dicom",
                        prefix + ".ready",
                        prefix + ".dlq",
                        s.ingest(),
                        n,
                        Duration.ofMinutes(20));
        double rate = appendRate(bs, prefix + ".ready", counts[0]);
        System.err.printf("  %.1f scans/s%n", rate);
        return rate;
    }

    private static double appendRate(String bs, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> recs =
                KafkaClients.readAll(bs, topic, expected, Duration.ofMinutes(2), null);
        return IngestRun.appendRate(recs.stream().mapToLong(ConsumerRecord::timestamp).toArray());
    }

    private static Path defaultSamples() {
        String root = System.getProperty("medstream.root", ".");
        Path p =
                Path.of(root)
                        .toAbsolutePath()
                        .resolve("test-support/data/dicom-samples")
                        .normalize();
        return Files.isDirectory(p) ? p : null;
    }
}
