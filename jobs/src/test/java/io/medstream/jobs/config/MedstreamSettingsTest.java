package io.medstream.jobs.config;

import org.apache.flink.configuration.Configuration;

import io.medstream.operators.deadletter.ErrorStrategies;
import io.medstream.operators.deadletter.ErrorStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MedstreamSettingsTest {

    @TempDir Path dir;

    @Test
    void readsNestedYamlAndFlagsOverrideTheFile() throws Exception {
        Path yaml = dir.resolve("m.yaml");
        Files.writeString(
                yaml,
                String.join(
                        "\n",
                        "medstream:",
                        "  kafka:",
                        "    bootstrap-servers: broker:9093",
                        "  pseudonym.secret: s3cret",
                        "  claim-check:",
                        "    threshold: 1mb",
                        "  parallelism: 2",
                        "execution.checkpointing.interval: 5 s",
                        ""));
        Configuration conf = ConfigLoader.load(yaml, List.of("medstream.parallelism=3"));
        MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
        assertThat(s.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(s.parallelism()).isEqualTo(3);
        assertThat(s.ingest().claimCheckThresholdBytes()).isEqualTo(1 << 20);
        assertThat(s.ingest().pseudonymSecret()).isEqualTo("s3cret");
        assertThat(s.readyTopic()).isEqualTo("scans.ready");
        assertThat(conf.toMap()).containsEntry("execution.checkpointing.interval", "5 s");
    }

    @Test
    void theDeployExampleLoadsWithEveryModelStageKey() throws Exception {
        Path example =
                Path.of(System.getProperty("user.dir"))
                        .getParent()
                        .resolve("deploy/medstream.yaml");
        Configuration conf = ConfigLoader.load(example, List.of());
        MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
        PipelineSettings p = s.pipeline();
        assertThat(p.enabled()).isTrue();
        assertThat(p.masksTopic()).isEqualTo("scans.masks");
        assertThat(p.fhirTopic()).isEqualTo("scans.reports.fhir");
        assertThat(p.controlTopic()).isEqualTo("models.control");
        assertThat(p.segmentBatchSize()).isEqualTo(4);
        assertThat(p.segmentBatchTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.segmentWorkers()).isEqualTo(1);
        assertThat(p.segmentTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.draftWorkers()).isEqualTo(1);
        assertThat(p.draftTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.modelSlotSharingGroup()).isEqualTo("models");
        assertThat(s.unalignedCheckpoints()).isTrue();
        assertThat(conf.toMap()).containsEntry("state.backend.type", "rocksdb");
        assertThat(p.seriesInactivity()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.draftMaxSlices()).isEqualTo(12);
        assertThat(p.seriesMaxInstances()).isEqualTo(1000);
        assertThat(p.seriesMaxStateBytes()).isEqualTo(256L << 20);
        assertThat(s.ingest().maxInputBytes()).isEqualTo(64L << 20);
        assertThat(s.errors().ingest()).isEqualTo(ErrorStrategy.DEAD_LETTER);
        assertThat(s.errors().draft()).isEqualTo(ErrorStrategy.DEAD_LETTER);
    }

    @Test
    void eachStageReadsItsOwnErrorStrategyAndDefaultsToDeadLetter() {
        Configuration conf = new Configuration();
        conf.setString(MedstreamOptions.PSEUDONYM_SECRET.key(), "s");
        conf.setString("medstream.segment.error-handling-strategy", "FAILOVER");
        conf.setString("medstream.group.error-handling-strategy", "IGNORE");
        ErrorStrategies e = MedstreamSettings.fromConfiguration(conf).errors();
        assertThat(e)
                .isEqualTo(
                        new ErrorStrategies(
                                ErrorStrategy.DEAD_LETTER,
                                ErrorStrategy.DEAD_LETTER,
                                ErrorStrategy.FAILOVER,
                                ErrorStrategy.IGNORE,
                                ErrorStrategy.DEAD_LETTER));

        conf.setString("medstream.draft.error-handling-strategy", "retry");
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.draft.error-handling-strategy");
    }

    @Test
    void badModelStageLimitsAreStartupErrors() {
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, "s");
        conf.set(MedstreamOptions.SEGMENT_BATCH_SIZE, 0);
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("medstream.segment.batch-size");

        conf.set(MedstreamOptions.SEGMENT_BATCH_SIZE, 4);
        conf.set(MedstreamOptions.DRAFT_WORKERS, 0);
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.draft.workers");
        conf.set(MedstreamOptions.DRAFT_WORKERS, 1);
        conf.set(MedstreamOptions.SEGMENT_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.segment.timeout");
    }

    @Test
    void missingSecretIsAClearStartupError() {
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("medstream.pseudonym.secret");
    }

    @Test
    void transactionTimeoutMustCoverCheckpointsAndStayBelowTheBrokerMaximum() {
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, "x");
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(5));
        conf.set(MedstreamOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(10));
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("too short");
        conf.set(MedstreamOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
        conf.set(MedstreamOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(20));
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("transaction.max.timeout.ms");
        conf.set(MedstreamOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(10));
        assertThat(MedstreamSettings.fromConfiguration(conf).transactionTimeout())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void rejectsMalformedFlagsAndNonMappingYaml() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("novalue")))
                .hasMessageContaining("key=value");
        Path yaml = dir.resolve("list.yaml");
        Files.writeString(yaml, "- a\n- b\n");
        assertThatThrownBy(() -> ConfigLoader.load(yaml, List.of()))
                .hasMessageContaining("mapping");
    }
}
