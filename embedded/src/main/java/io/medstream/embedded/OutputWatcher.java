package io.medstream.embedded;

import io.medstream.embedded.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads output topics with {@code read_committed} while a job runs and records, per record, the
 * wall-clock time at which it became visible. Visible time minus the input's timestamp is the
 * latency a downstream consumer sees, including the wait for the checkpoint that commits the
 * transaction.
 */
public final class OutputWatcher implements AutoCloseable {

    /** A record as seen by a downstream consumer. */
    public record Seen(
            String topic, byte[] key, byte[] value, long timestamp, long visibleAtMillis) {}

    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Seen> seen = new ArrayList<>();
    private volatile RuntimeException failure;

    public OutputWatcher(String bootstrap, List<String> topics) {
        thread = new Thread(() -> run(bootstrap, topics), "output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String bootstrap, List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> c =
                KafkaClients.consumer(bootstrap, "watcher-" + UUID.randomUUID(), Map.of())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    synchronized (seen) {
                        seen.add(new Seen(r.topic(), r.key(), r.value(), r.timestamp(), now));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    public int count(String topic) {
        synchronized (seen) {
            return (int) seen.stream().filter(s -> s.topic().equals(topic)).count();
        }
    }

    public List<Seen> records(String topic) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.topic().equals(topic)).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        if (failure != null) {
            throw failure;
        }
    }
}
