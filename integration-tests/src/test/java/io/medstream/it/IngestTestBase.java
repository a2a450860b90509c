package io.medstream.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.config.Topic;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;
import io.medstream.testing.KafkaBrokerExtension;
import io.medstream.testing.PipelineTestConfig;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Shared fixture: a real broker, a 4-slot MiniCluster (parallelism 2, and the model stages in a
 * slot-sharing group of their own), fresh topics per test, and job/consumer helpers.
 */
abstract class IngestTestBase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    static final String SECRET = "it-secret";

    @TempDir Path tmp;

    /** Settings for a bounded run over fresh topics; {@code overrides} are medstream.* keys. */
    MedstreamSettings settings(Map<String, String> overrides) {
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        PipelineTestConfig.useFreshTopics(conf, KAFKA, Topic.INGEST);
        conf.set(MedstreamOptions.BOUNDED, true);
        conf.set(MedstreamOptions.PARALLELISM, 2);
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, SECRET);
        conf.set(MedstreamOptions.BLOB_STORE, tmp.resolve("blobs").toUri().toString());
        // The ingestion tests check ingestion only; PipelineITCase runs the model stages.
        conf.set(MedstreamOptions.MODELS_ENABLED, false);
        overrides.forEach(conf::setString);
        return MedstreamSettings.fromConfiguration(conf);
    }

    /** Runs the Kafka-backed job to completion on the MiniCluster. */
    static void runJob(MedstreamSettings s, Configuration jobConf) throws Exception {
        StreamExecutionEnvironment env = environment(jobConf);
        MedstreamJob.build(env, s);
        env.execute("it");
    }

    /** A MiniCluster environment with {@code jobConf} applied. */
    static StreamExecutionEnvironment environment(Configuration jobConf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(jobConf);
        return env;
    }

    /** No restarts: any exception escaping an operator fails the test. */
    static Configuration noRestarts() {
        Configuration c = new Configuration();
        c.setString("restart-strategy.type", "none");
        return c;
    }

    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        return KafkaClients.readAll(
                KAFKA.bootstrapServers(), topic, expected, Duration.ofSeconds(60), null);
    }

    static ScanEvent scanEvent(ConsumerRecord<byte[], byte[]> r) {
        return decode(ScanEvent.class, r.value());
    }

    static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r) {
        return decode(DeadLetter.class, r.value());
    }

    private static <T extends SpecificRecordBase> T decode(Class<T> type, byte[] v) {
        try {
            return AvroRecords.decode(type, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path samplesDir() {
        String p = System.getProperty("medstream.samples.dir");
        if (p == null) {
            throw new IllegalStateException(
                    "system property medstream.samples.dir is not set (failsafe sets it)");
        }
        return Path.of(p);
    }
}
