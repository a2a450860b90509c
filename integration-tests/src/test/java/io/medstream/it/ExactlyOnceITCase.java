package io.medstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.demo.ScanFeeds;
import io.medstream.jobs.demo.ScanInput;
import io.medstream.jobs.kafka.KafkaClients;
import io.medstream.schemas.ScanEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A failure injected once mid-stream, after a checkpoint has completed: the job restarts from that checkpoint, and a
 * read_committed consumer still sees every scan exactly once (records written before the failure but after the last
 * checkpoint belong to an aborted transaction).
 */
class ExactlyOnceITCase extends IngestTestBase {

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    static final int SCANS = 80;

    /** Slows the stream a little and throws once, after at least one checkpoint completed. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<ScanEvent, ScanEvent> implements CheckpointListener {
        private int seen;

        @Override
        public ScanEvent map(ScanEvent e) throws Exception {
            seen++;
            Thread.sleep(40);
            if (seen >= 8 && COMPLETED_CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure (test)");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

    @Test
    void everyScanIsVisibleExactlyOnceAfterARestart() throws Exception {
        MedstreamSettings s = settings(Map.of());
        List<ScanInput> phantoms = ScanFeeds.phantoms(SCANS, 99);
        KafkaClients.produceAll(KAFKA.bootstrapServers(), phantoms.stream()
                .map(p -> new ProducerRecord<byte[], byte[]>(s.ingest().dicomTopic(),
                        p.key().getBytes(StandardCharsets.UTF_8), p.dicom()))
                .toList());

        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "3");
        restarts.setString("restart-strategy.fixed-delay.delay", "200 ms");
        runJob(s, restarts, in -> in.map(new FailOnceAfterCheckpoint()).uid("fail-once").name("fail once"));

        assertThat(FAILED).as("the failure was injected").isTrue();
        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(s.readyTopic(), SCANS);
        Set<String> sops = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            sops.add(scanEvent(r).getSopInstanceUid());
        }
        assertThat(out).as("records visible to read_committed").hasSize(SCANS);
        assertThat(sops).as("distinct scans").hasSize(SCANS);
        assertThat(readCommitted(s.dlqTopic(), 0)).isEmpty();
    }
}
