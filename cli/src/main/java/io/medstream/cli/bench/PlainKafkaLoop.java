package io.medstream.cli.bench;

import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.ingest.IngestException;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.ingest.ScanParser;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The baseline of {@code bench ingest}: Kafka's own exactly-once consume-transform-produce loop
 * (one thread, read_committed consumer, transactional producer, offsets committed in the
 * transaction) running the very same {@link ScanParser}. The Flink job's throughput divided by this
 * one is the framework overhead figure.
 */
public final class PlainKafkaLoop {
    private PlainKafkaLoop() {}

    /**
     * Processes {@code expected} records from the input topic and returns how many went to each
     * output.
     */
    public static int[] run(
            String bootstrap,
            String inputTopic,
            String readyTopic,
            String dlqTopic,
            IngestSettings settings,
            int expected,
            Duration timeout)
            throws Exception {
        int ready = 0;
        int dead = 0;
        try (BlobStore blobs = BlobStores.open(settings.blobStoreUri());
                KafkaConsumer<byte[], byte[]> consumer =
                        KafkaClients.consumer(
                                bootstrap,
                                "plain-" + UUID.randomUUID(),
                                Map.of("max.poll.records", 100));
                KafkaProducer<byte[], byte[]> producer =
                        KafkaClients.producer(
                                bootstrap,
                                Map.of(
                                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                        "plain-loop-" + UUID.randomUUID()))) {
            ScanParser parser = new ScanParser(settings, blobs);
            producer.initTransactions();
            consumer.subscribe(List.of(inputTopic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ready + dead < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    RawRecord raw =
                            new RawRecord(
                                    r.topic(),
                                    r.partition(),
                                    r.offset(),
                                    r.timestamp(),
                                    r.key(),
                                    r.value());
                    try {
                        producer.send(
                                new ProducerRecord<>(
                                        readyTopic,
                                        r.key(),
                                        AvroRecords.encode(parser.parse(raw))));
                        ready++;
                    } catch (IngestException e) {
                        producer.send(new ProducerRecord<>(dlqTopic, r.key(), r.value()));
                        dead++;
                    }
                    offsets.put(
                            new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        return new int[] {ready, dead};
    }
}
