package io.medstream.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import io.medstream.embedded.IngestRun;
import io.medstream.embedded.OutputWatcher;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import io.medstream.testing.KafkaBrokerExtension;
import io.medstream.testing.PipelineTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrade without loss: version 1 of the job (segment stage at parallelism 2) takes half of the
 * scans, then stops with a savepoint while one series is half grouped; version 2 (segment stage at
 * parallelism 1, state-compatible: the same operator uids) starts from that savepoint and takes the
 * rest. A {@code read_committed} consumer sees every scan's mask once and every series' report
 * once, the straddling series with all ten instances.
 */
class UpgradeITCase {
    private static final int SCANS = 40; // 4 series of 10
    private static final int BEFORE = 15; // series 0 and half of series 1

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path tmp;

    @Test
    void aStopWithSavepointAndAChangedVersionLoseAndDuplicateNothing() throws Exception {
        Configuration v1 = PipelineTestConfig.create(KAFKA, 2, tmp.resolve("blobs"), "9293-9303");
        v1.set(MedstreamOptions.SERIES_INACTIVITY, Duration.ofMinutes(5)); // complete by count only
        MedstreamSettings s = MedstreamSettings.fromConfiguration(v1);
        var p = s.pipeline();
        List<ScanInput> inputs = ScanFeeds.phantomEvents(SCANS, 616L);

        try (OutputWatcher out =
                new OutputWatcher(
                        s.bootstrapServers(),
                        List.of(p.masksTopic(), p.reportsTopic(), s.dlqTopic()))) {
            JobClient first = start(v1);
            send(s, inputs.subList(0, BEFORE));
            await("the first masks", () -> out.count(p.masksTopic()) >= BEFORE);
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    tmp.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);

            Configuration v2 = new Configuration(v1);
            v2.set(MedstreamOptions.SEGMENT_PARALLELISM, 1);
            v2.setString("execution.state-recovery.path", savepoint);
            JobClient second = start(v2);
            try {
                send(s, inputs.subList(BEFORE, SCANS));
                await(
                        "all masks and reports",
                        () ->
                                out.count(p.masksTopic()) >= SCANS
                                        && out.count(p.reportsTopic()) >= SCANS / 10);
                Thread.sleep(3_000); // a few more checkpoints: anything duplicated would show
            } finally {
                second.cancel().get(1, TimeUnit.MINUTES);
            }

            List<SegmentationResult> masks = new ArrayList<>();
            out.records(p.masksTopic())
                    .forEach(r -> masks.add(IngestRun.decode(SegmentationResult.class, r.value())));
            assertThat(masks).hasSize(SCANS);
            assertThat(masks.stream().map(SegmentationResult::getSopInstanceUid).distinct())
                    .hasSize(SCANS);
            assertThat(masks.stream().map(SegmentationResult::getResultId).distinct())
                    .hasSize(SCANS);

            List<StudyReport> reports = new ArrayList<>();
            out.records(p.reportsTopic())
                    .forEach(r -> reports.add(IngestRun.decode(StudyReport.class, r.value())));
            Map<String, Integer> instancesBySeries =
                    reports.stream()
                            .collect(
                                    Collectors.toMap(
                                            StudyReport::getSeriesInstanceUid,
                                            StudyReport::getInstanceCount));
            assertThat(instancesBySeries).hasSize(SCANS / 10); // one report per series
            assertThat(instancesBySeries.values()).containsOnly(10); // the straddling one too
            assertThat(reports).hasSize(SCANS / 10);
            assertThat(out.count(s.dlqTopic())).isZero();
        }
    }

    private static JobClient start(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf);
        MedstreamJob.build(env, MedstreamSettings.fromConfiguration(conf));
        JobClient job = env.executeAsync(MedstreamJob.JOB_NAME);
        IngestRun.awaitRunning(job);
        return job;
    }

    private static void send(MedstreamSettings s, List<ScanInput> inputs) {
        KafkaClients.produceAll(
                s.bootstrapServers(),
                IngestRun.records(s.ingest().dicomTopic(), s.ingest().eventsTopic(), inputs));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 240_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
