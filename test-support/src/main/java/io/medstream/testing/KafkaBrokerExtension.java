package io.medstream.testing;

import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaTopics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real Kafka broker (KRaft, its own JVM) for one test class: started before all tests, always
 * stopped after. Tests use fresh topic names ({@link #topic}) so they never see each other's
 * records.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private KafkaBrokerProcess broker;
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("medstream-it-kafka-");
        broker = KafkaBrokerProcess.start(dir, 0, Duration.ofSeconds(120));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path directory() {
        return dir;
    }

    /**
     * A topic name unique to this call, created with 2 partitions and room for whole DICOM files.
     */
    public String topic(String base) {
        String name = base + "-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTopics.ensure(bootstrapServers(), List.of(name), 2, KafkaTopics.largeMessages());
        return name;
    }
}
