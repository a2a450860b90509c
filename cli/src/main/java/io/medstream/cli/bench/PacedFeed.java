package io.medstream.cli.bench;

import io.medstream.embedded.IngestRun;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A feed for {@link PipelineRun} ({@code job -> paced.send(settings, inputs)}) that sends one scan
 * every {@code 1 / rate} seconds instead of all at once, so latency is measured on a job that is
 * not queueing (a queue would measure the backlog, not the pipeline). Each scan's ingest time is
 * stamped when it is sent. The schedule is absolute (scan i at start + i / rate), so a late send
 * does not shift every later one: the offered rate stays the one asked for.
 */
public final class PacedFeed {
    private final double scansPerSec;
    private final IntConsumer sent;

    /**
     * @param scansPerSec offered rate, &gt; 0
     * @param sent called with the number of scans sent so far (progress)
     */
    public PacedFeed(double scansPerSec, IntConsumer sent) {
        if (!(scansPerSec > 0) || Double.isInfinite(scansPerSec)) {
            throw new IllegalArgumentException("rate must be positive and finite: " + scansPerSec);
        }
        this.scansPerSec = scansPerSec;
        this.sent = sent;
    }

    /** Nanoseconds after the start at which scan {@code i} (0-based) is due. */
    public static long dueNanos(int i, double scansPerSec) {
        return Math.round(i * 1e9 / scansPerSec);
    }

    /** Sends the inputs on the schedule; returns when all are acknowledged. */
    public void send(MedstreamSettings s, List<ScanInput> inputs) throws Exception {
        String dicomTopic = s.ingest().dicomTopic();
        String eventsTopic = s.ingest().eventsTopic();
        try (KafkaProducer<byte[], byte[]> producer =
                KafkaClients.producer(
                        s.bootstrapServers(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            List<Future<?>> acks = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < inputs.size(); i++) {
                long wait = start + dueNanos(i, scansPerSec) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // stamped now, not when the list was built: ingest time = send time
                ProducerRecord<byte[], byte[]> r =
                        IngestRun.records(dicomTopic, eventsTopic, List.of(inputs.get(i))).get(0);
                acks.add(producer.send(r));
                producer.flush(); // linger 0 and a flush: the scan leaves now, not with the next
                // one
                sent.accept(i + 1);
            }
            for (Future<?> f : acks) {
                f.get();
            }
        }
    }
}
