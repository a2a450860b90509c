package io.medstream.embedded.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Plain Kafka producers and consumers used by the demo, the benchmarks and the integration tests.
 */
public final class KafkaClients {
    private KafkaClients() {}

    public static KafkaProducer<byte[], byte[]> producer(
            String bootstrap, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaBrokerProcess.MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(
                ProducerConfig.BATCH_SIZE_CONFIG,
                1 << 20); // scans are ~100 KiB-1 MiB: batch several per request
        p.putAll(extra);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrap, String groupId, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                KafkaBrokerProcess.MAX_MESSAGE_BYTES);
        p.putAll(extra);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sends all records and waits until each is acknowledged. */
    public static void produceAll(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, Map.of())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (var f : acks) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing to Kafka failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a topic from the beginning with {@code read_committed} until {@code expected} records
     * have arrived or {@code quiet} passes without a new record after the deadline; returns what it
     * read.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, int expected, Duration timeout, IntConsumer progress) {
        return readAll(bootstrap, topic, expected, timeout, progress, Map.of());
    }

    /**
     * As above, with extra consumer properties (e.g. {@code isolation.level=read_uncommitted} for
     * diagnostics).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap,
            String topic,
            int expected,
            Duration timeout,
            IntConsumer progress,
            Map<String, Object> extra) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                consumer(bootstrap, "reader-" + UUID.randomUUID(), extra)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(pi -> new TopicPartition(topic, pi.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
                if (progress != null) {
                    progress.accept(out.size());
                }
            }
            // Drain anything beyond the expected count, so duplicates are seen by the caller.
            for (int i = 0; i < 3; i++) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
