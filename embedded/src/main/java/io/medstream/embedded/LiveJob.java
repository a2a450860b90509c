package io.medstream.embedded;

import org.apache.flink.core.execution.JobClient;

import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.SegmentationResult;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@link PipelineFeed}'s handle on the running job: send scans and control commands, read what a
 * downstream {@code read_committed} consumer has seen so far, wait for a condition on it.
 */
public final class LiveJob {
    private final MedstreamSettings settings;
    private final OutputWatcher watcher;
    private final JobClient job;
    private final long deadlineMillis;

    LiveJob(MedstreamSettings settings, OutputWatcher watcher, JobClient job, long deadlineMillis) {
        this.settings = settings;
        this.watcher = watcher;
        this.job = job;
        this.deadlineMillis = deadlineMillis;
    }

    /**
     * Sends scans as {@link PipelineRun} does (events as Avro, files raw), stamped with the send
     * time.
     */
    public void send(List<ScanInput> inputs) {
        KafkaClients.produceAll(
                settings.bootstrapServers(),
                IngestRun.records(
                        settings.ingest().dicomTopic(), settings.ingest().eventsTopic(), inputs));
    }

    /**
     * Publishes commands on the control topic and waits for their acknowledgement. All go to
     * partition 0: the topic may have several partitions, and only within one does the job see the
     * commands in this order.
     */
    public void control(ModelControl... commands) {
        String topic = settings.pipeline().controlTopic();
        KafkaClients.produceAll(
                settings.bootstrapServers(),
                Arrays.stream(commands)
                        .map(
                                c ->
                                        new ProducerRecord<byte[], byte[]>(
                                                topic, 0, null, AvroRecords.encode(c)))
                        .toList());
    }

    /** The committed masks so far. */
    public List<SegmentationResult> masks() {
        return watcher.records(settings.pipeline().masksTopic()).stream()
                .map(r -> PipelineRun.decode(SegmentationResult.class, r.value()))
                .toList();
    }

    /** The committed dead letters so far. */
    public List<DeadLetter> deadLetters() {
        return watcher.records(settings.dlqTopic()).stream()
                .map(r -> PipelineRun.decode(DeadLetter.class, r.value()))
                .toList();
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws IllegalStateException when the job stopped, or {@code timeout} (capped by the run's)
     *     passed first
     */
    public void await(String what, BooleanSupplier condition, Duration timeout) throws Exception {
        long deadline = Math.min(deadlineMillis, System.currentTimeMillis() + timeout.toMillis());
        while (!condition.getAsBoolean()) {
            var result = job.getJobExecutionResult();
            if (result.isDone()) {
                result.get(); // rethrows the job's failure
                throw new IllegalStateException("the job stopped while waiting for " + what);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
