package io.medstream.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.config.Topic;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.operators.io.AvroRecords;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.ScanEvent;
import io.medstream.testing.TestTls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kafka over TLS with SCRAM-SHA-512: a broker whose only client listener is SASL_SSL, with a
 * certificate this test makes; the job (ingestion) takes its credentials from configuration and
 * reads and writes through that listener; a client without credentials, or with a wrong password,
 * is refused; the settings never print the password.
 */
class SecureKafkaITCase {
    private static final String USER = "medstream-job";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    static KafkaBrokerProcess broker;
    static TestTls.Stores tls;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        tls = TestTls.create(dir.resolve("tls"), "store-" + UUID.randomUUID());
        broker =
                KafkaBrokerProcess.start(
                        dir.resolve("kafka"),
                        0,
                        Duration.ofSeconds(120),
                        new KafkaBrokerProcess.SaslSsl(
                                USER, PASSWORD, tls.keystore(), tls.truststore(), tls.password()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theJobReadsAndWritesOverSaslSslAndClientsWithoutCredentialsAreRefused() throws Exception {
        Map<String, Object> client = broker.clientProperties();
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        for (Topic t : Topic.INGEST) {
            conf.set(t.option(), "secure." + t.defaultName());
        }
        conf.set(MedstreamOptions.GROUP_ID, "secure-it");
        conf.set(MedstreamOptions.TRANSACTIONAL_ID_PREFIX, "secure-it");
        conf.set(MedstreamOptions.BOUNDED, true);
        conf.set(MedstreamOptions.MODELS_ENABLED, false);
        conf.set(MedstreamOptions.PARALLELISM, 1);
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, "secure-it-secret");
        conf.set(MedstreamOptions.BLOB_STORE, dir.resolve("blobs").toUri().toString());
        conf.set(MedstreamOptions.KAFKA_SECURITY_PROTOCOL, "SASL_SSL");
        conf.set(MedstreamOptions.KAFKA_SASL_USERNAME, USER);
        conf.set(MedstreamOptions.KAFKA_SASL_PASSWORD, PASSWORD);
        conf.set(MedstreamOptions.KAFKA_TRUSTSTORE_LOCATION, tls.truststore().toString());
        conf.set(MedstreamOptions.KAFKA_TRUSTSTORE_PASSWORD, tls.password());
        MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
        assertThat(s.toString()).doesNotContain(PASSWORD).doesNotContain(tls.password());
        assertThat(s.kafkaSecurity().toString()).doesNotContain(PASSWORD);

        List<String> topics =
                Topic.INGEST.stream().map(t -> conf.get(t.option())).collect(Collectors.toList());
        KafkaTopics.ensure(broker.bootstrapServers(), client, topics, 1, Map.of());

        // three phantom slices as raw DICOM, produced over SASL_SSL
        PhantomGenerator g = new PhantomGenerator();
        Set<String> sops = new TreeSet<>();
        try (KafkaProducer<byte[], byte[]> p =
                KafkaClients.producer(broker.bootstrapServers(), client)) {
            for (int i = 0; i < 3; i++) {
                PhantomSlice slice = g.generate(404L, i);
                sops.add(slice.sopInstanceUid());
                p.send(new ProducerRecord<>(s.ingest().dicomTopic(), PhantomDicom.encode(slice)))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MedstreamJob.build(env, s);
        env.execute("secure ingest");

        List<ConsumerRecord<byte[], byte[]>> ready =
                KafkaClients.readAll(
                        broker.bootstrapServers(),
                        s.readyTopic(),
                        3,
                        Duration.ofSeconds(60),
                        null,
                        client);
        assertThat(ready).hasSize(3);
        Set<String> got = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : ready) {
            got.add(AvroRecords.decode(ScanEvent.class, r.value()).getSopInstanceUid());
        }
        assertThat(got).isEqualTo(sops);

        // no credentials (a plaintext client at the TLS port): no answer, refused
        try (Admin anonymous = Admin.create(adminConf(Map.of()))) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(Exception.class);
        }
        // TLS and the right user with a wrong password: an authentication error
        Map<String, Object> wrong = new HashMap<>(client);
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\""
                        + USER
                        + "\" password=\"not-the-password\";");
        try (Admin impostor = Admin.create(adminConf(wrong))) {
            assertThatThrownBy(() -> impostor.listTopics().names().get(20, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static Map<String, Object> adminConf(Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(extra);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return c;
    }
}
