package io.medstream.it;

import io.medstream.embedded.cluster.ChaosRun;
import io.medstream.embedded.cluster.LocalCluster;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once on a real multi-process cluster under faults (the CI-sized {@code medstream chaos}):
 * 3 Kafka KRaft nodes (RF 3, min ISR 2), a JobManager and 2 TaskManagers, each its own JVM; 200
 * phantom scans at 1 scan/s with 4 truncated DICOM files mixed in; 2 TaskManager {@code kill -9}s
 * (a spare registered before each) and 1 Kafka node {@code kill -9} + restart. A {@code
 * read_committed} consumer then sees every mask and every report exactly once, and dead letters for
 * the 4 bad files only.
 */
class ChaosITCase {
    @TempDir Path tmp;

    @Test
    void everyMaskAndReportExactlyOnceThroughTaskManagerAndBrokerKills() throws Exception {
        LocalCluster cluster =
                LocalCluster.up(
                        tmp.resolve("cluster"),
                        new LocalCluster.Options(2, 2, KafkaBrokerProcess.freePort(), "2048m", 2),
                        step -> System.err.println("chaos: starting " + step));
        try {
            ChaosRun.Report r =
                    ChaosRun.run(
                            cluster,
                            new ChaosRun.Options(
                                    200,
                                    2,
                                    1,
                                    1.0,
                                    50,
                                    7L,
                                    2,
                                    Duration.ofSeconds(2),
                                    Duration.ofMinutes(5)),
                            line -> System.err.println("chaos: " + line));
            System.err.println("chaos: " + r);
            assertThat(r.lost()).as("lost outputs").isZero();
            assertThat(r.duplicated()).as("duplicated outputs").isZero();
            assertThat(r.masks()).isEqualTo(200);
            assertThat(r.reports()).isEqualTo(20);
            assertThat(r.badInputs()).isEqualTo(4);
            assertThat(r.deadLetters()).isEqualTo(4);
            assertThat(r.unexpectedDeadLetters()).isZero();
            assertThat(r.recoverySeconds()).hasSize(2);
            // each TaskManager kill restarted the job; the broker restart may add one
            assertThat(r.restarts()).isBetween(2L, 3L);
        } finally {
            cluster.down();
        }
    }
}
