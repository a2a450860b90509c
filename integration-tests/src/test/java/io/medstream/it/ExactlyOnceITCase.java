package io.medstream.it;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.KafkaIo;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.ingest.ParseScanFunction;
import io.medstream.schemas.ScanEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure injected once mid-stream, after a checkpoint has completed: the job restarts from that
 * checkpoint, and a read_committed consumer still sees every scan exactly once (records written
 * before the failure but after the last checkpoint belong to an aborted transaction).
 */
class ExactlyOnceITCase extends IngestTestBase {

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    static final int SCANS = 80;
    static volatile String failedOn;

    /** Slows the stream a little and throws once, after at least one checkpoint completed. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<ScanEvent, ScanEvent>
            implements CheckpointListener {
        private int seen;

        @Override
        public ScanEvent map(ScanEvent e) throws Exception {
            seen++;
            Thread.sleep(40);
            if (seen >= 8 && COMPLETED_CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                failedOn =
                        e.getSopInstanceUid()
                                + " (subtask "
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                                + ", after "
                                + COMPLETED_CHECKPOINTS.get()
                                + " checkpoints)";
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
        MedstreamSettings s = settings(Map.of("medstream.kafka.bounded", "false"));
        List<ScanInput> phantoms = ScanFeeds.phantoms(SCANS, 99);
        KafkaClients.produceAll(
                KAFKA.bootstrapServers(),
                phantoms.stream()
                        .map(
                                p ->
                                        new ProducerRecord<byte[], byte[]>(
                                                s.ingest().dicomTopic(),
                                                p.key().getBytes(StandardCharsets.UTF_8),
                                                p.dicom()))
                        .toList());

        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "3");
        restarts.setString("restart-strategy.fixed-delay.delay", "200 ms");
        // The job's own source, parse stage and exactly-once sinks, with a failure injector
        // between parsing and the ready sink.
        StreamExecutionEnvironment env = environment(restarts);
        MedstreamJob.configure(env, s);
        SingleOutputStreamOperator<ScanEvent> parsed =
                env.fromSource(KafkaIo.scanSource(s), WatermarkStrategy.noWatermarks(), "scans")
                        .process(new ParseScanFunction(s.ingest(), s.errors().ingest()))
                        .uid("parse-scan");
        parsed.map(new FailOnceAfterCheckpoint())
                .uid("fail-once")
                .name("fail once")
                .sinkTo(KafkaIo.readySink(s))
                .uid("ready-sink");
        parsed.getSideOutput(DeadLetters.TAG).sinkTo(KafkaIo.deadLetterSink(s)).uid("dlq-sink");
        var job = env.executeAsync("it");
        List<ConsumerRecord<byte[], byte[]>> out;
        try {
            out = readCommitted(s.readyTopic(), SCANS);
        } finally {
            job.cancel().get();
        }
        assertThat(FAILED).as("the failure was injected").isTrue();
        Set<String> sops = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            sops.add(scanEvent(r).getSopInstanceUid());
        }
        if (out.size() != SCANS) {
            // Diagnostics: what an uncommitted reader sees, per partition, and the ends of the
            // partitions.
            var all =
                    KafkaClients.readAll(
                            KAFKA.bootstrapServers(),
                            s.readyTopic(),
                            SCANS * 2,
                            Duration.ofSeconds(5),
                            null,
                            Map.of("isolation.level", "read_uncommitted"));
            StringBuilder sb = new StringBuilder();
            for (var r : all) {
                sb.append(r.partition())
                        .append('@')
                        .append(r.offset())
                        .append(' ')
                        .append(sops.contains(scanEvent(r).getSopInstanceUid()) ? "ok" : "MISSING")
                        .append('\n');
            }
            for (int i = 0; i < phantoms.size(); i++) {
                String sop =
                        DicomReader.read(phantoms.get(i).dicom())
                                .dataset()
                                .getString(Tag.SOP_INSTANCE_UID, null);
                if (!sops.contains(sop)) {
                    sb.append("missing input #").append(i).append(' ').append(sop).append('\n');
                }
            }
            Assertions.fail(
                    "read_committed saw "
                            + out.size()
                            + " records; read_uncommitted "
                            + all.size()
                            + "; failure injected on "
                            + failedOn
                            + ":\n"
                            + sb);
        }
        assertThat(out).as("records visible to read_committed").hasSize(SCANS);
        assertThat(sops).as("distinct scans").hasSize(SCANS);
        assertThat(readCommitted(s.dlqTopic(), 0)).isEmpty();
    }
}
