package io.medstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.embedded.cluster.ChaosRun;
import io.medstream.embedded.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream chaos}: exactly-once under TaskManager and Kafka node kills on the local
 * multi-process cluster ({@link ChaosRun}). Uses the cluster that {@code cluster up} started, or
 * starts one for the run and stops it afterwards.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description =
                "Stream phantom scans through the job on the local cluster while killing TaskManagers and"
                        + " Kafka nodes; check every mask and report arrived exactly once. Exit code 1 if not.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--scans", defaultValue = "200", description = "Good scans (default 200).")
    int scans;

    @Option(
            names = "--tm-kills",
            defaultValue = "2",
            description = "TaskManager kill -9s (default 2).")
    int tmKills;

    @Option(
            names = "--broker-restarts",
            defaultValue = "1",
            description = "Kafka node kill -9s, each restarted 5 s later (default 1).")
    int brokerRestarts;

    @Option(names = "--rate", defaultValue = "1.0", description = "Scans per second (default 1.0).")
    double rate;

    @Option(
            names = "--bad-every",
            defaultValue = "50",
            description = "One truncated DICOM file after this many scans; 0 = none (default 50).")
    int badEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Phantoms, victims, fault order.")
    long seed;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Job parallelism (default 2).")
    int parallelism;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2000",
            description = "Checkpoint interval in ms (default 2000).")
    long checkpointMs;

    @Option(
            names = "--drain-timeout",
            defaultValue = "300",
            description = "Seconds to wait for outputs after the last input (default 300).")
    long drainSeconds;

    @Option(
            names = "--dir",
            description =
                    "Cluster directory; a cluster up there is used (default: target/cluster).")
    Path dir;

    @Option(
            names = "--taskmanagers",
            defaultValue = "2",
            description = "TaskManagers of a cluster started for this run (default 2).")
    int taskManagers;

    @Option(names = "--json", description = "Write the figures as JSON here.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path clusterDir = dir != null ? dir.toAbsolutePath() : ClusterCommand.defaultDir();
        Optional<LocalCluster> running = LocalCluster.attach(clusterDir);
        LocalCluster cluster;
        boolean ours = running.isEmpty();
        if (ours) {
            clusterDir = clusterDir.resolveSibling("chaos-cluster");
            System.err.println(
                    "No cluster up; starting one in " + clusterDir + " for this run ...");
            LocalCluster.Options d = LocalCluster.Options.defaults();
            cluster =
                    LocalCluster.up(
                            clusterDir,
                            new LocalCluster.Options(
                                    taskManagers,
                                    d.slots(),
                                    d.restPort(),
                                    d.taskManagerMemory(),
                                    parallelism),
                            step -> System.err.println("Starting " + step + " ..."));
        } else {
            cluster = running.get();
        }
        try {
            ChaosRun.Report r =
                    ChaosRun.run(
                            cluster,
                            new ChaosRun.Options(
                                    scans,
                                    tmKills,
                                    brokerRestarts,
                                    rate,
                                    badEvery,
                                    seed,
                                    parallelism,
                                    Duration.ofMillis(checkpointMs),
                                    Duration.ofSeconds(drainSeconds)),
                            line ->
                                    System.err.println(
                                            LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                                                    + " "
                                                    + line));
            System.out.printf(
                    "scans %d (series %d, bad inputs %d): masks %d, reports %d, lost %d, duplicated %d,"
                            + " dead letters %d (unexpected %d)%n",
                    r.scans(),
                    r.series(),
                    r.badInputs(),
                    r.masks(),
                    r.reports(),
                    r.lost(),
                    r.duplicated(),
                    r.deadLetters(),
                    r.unexpectedDeadLetters());
            System.out.printf(
                    "TaskManager kills %d, recovery max %.1f s %s; broker restarts %d; job restarts %d%n",
                    r.tmKills(),
                    r.recoverySecondsMax(),
                    r.recoverySeconds(),
                    r.brokerRestarts(),
                    r.restarts());
            System.out.printf(
                    "mask latency p50 %d ms, p99 %d ms, max %d ms; wall %.0f s%n",
                    r.maskLatencyMsP50(),
                    r.maskLatencyMsP99(),
                    r.maskLatencyMsMax(),
                    r.wallSeconds());
            if (json != null) {
                Files.writeString(
                        json,
                        new ObjectMapper()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(r));
                System.err.println("figures: " + json);
            }
            return r.lost() == 0 && r.duplicated() == 0 && r.unexpectedDeadLetters() == 0 ? 0 : 1;
        } finally {
            if (ours) {
                cluster.down();
            }
        }
    }
}
