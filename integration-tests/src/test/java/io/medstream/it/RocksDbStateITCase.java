package io.medstream.it;

import org.apache.flink.configuration.Configuration;

import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import io.medstream.testing.KafkaBrokerExtension;
import io.medstream.testing.PipelineTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job on the RocksDB state backend with incremental checkpoints, as {@code
 * deploy/medstream.yaml} configures large deployments: the series state lives in RocksDB, every
 * scan gets one mask and every series one report, and the retained checkpoint holds RocksDB's
 * incremental files.
 */
class RocksDbStateITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tmp;

    @Test
    void theJobRunsOnRocksDbWithIncrementalCheckpointsAndLosesNothing() throws Exception {
        Path checkpoints = tmp.resolve("checkpoints");
        Configuration conf = PipelineTestConfig.create(KAFKA, 2, tmp.resolve("blobs"), "9282-9292");
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        // every state chunk a file, so the checkpoint shows what RocksDB wrote
        conf.setString("execution.checkpointing.data-inline-threshold", "0b");
        conf.setString("state.backend.rocksdb.localdir", tmp.resolve("rocksdb").toString());

        List<ScanInput> inputs = ScanFeeds.phantomEvents(20, 515L);
        PipelineRun.Result r =
                PipelineRun.run(
                        MedstreamSettings.fromConfiguration(conf),
                        conf,
                        inputs,
                        Duration.ofMinutes(8),
                        p -> {});

        assertThat(r.deadLetters()).isEmpty();
        assertThat(
                        r.masks().stream()
                                .map(SegmentationResult::getSopInstanceUid)
                                .collect(Collectors.toList()))
                .hasSize(20)
                .doesNotHaveDuplicates();
        assertThat(r.reports()).hasSize(2);
        assertThat(r.reports()).allSatisfy(x -> assertThat(x.getInstanceCount()).isEqualTo(10));
        assertThat(r.reports().stream().map(StudyReport::getSeriesInstanceUid).distinct())
                .hasSize(2);

        // RocksDB's incremental checkpoints put its SST files under shared/ (the heap backend
        // never writes there)
        try (Stream<Path> files = Files.walk(checkpoints)) {
            List<Path> shared =
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.getParent().getFileName().toString().equals("shared"))
                            .toList();
            assertThat(shared).as("files in the checkpoints' shared/ folder").isNotEmpty();
        }
    }
}
