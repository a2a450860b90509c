package io.medstream.cli;

import io.medstream.embedded.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream cluster up | down | status}: a multi-process Flink session cluster and a
 * 3-node Kafka cluster on loopback ({@link LocalCluster}), for {@code run --config} and {@code
 * chaos}.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "A local multi-process cluster: Flink JobManager + TaskManagers and 3 Kafka KRaft nodes, each its own JVM.",
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Down.class,
            ClusterCommand.Status.class
        })
public final class ClusterCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("usage: medstream cluster up [--taskmanagers N] | down | status");
    }

    /** {@code target/cluster} in the repository: the default cluster directory. */
    static Path defaultDir() {
        String root = System.getProperty("medstream.root");
        return (root != null ? Path.of(root) : Path.of(""))
                .resolve("target/cluster")
                .toAbsolutePath();
    }

    abstract static class DirOption {
        @Option(
                names = "--dir",
                description = "Cluster directory (state, logs, data; default: target/cluster).")
        Path dir;

        Path dir() {
            return dir != null ? dir.toAbsolutePath() : defaultDir();
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start the cluster (wipes the directory of an earlier one) and return.")
    static final class Up extends DirOption implements Callable<Integer> {
        @Option(
                names = "--taskmanagers",
                defaultValue = "2",
                description = "TaskManagers (default 2).")
        int taskManagers;

        @Option(
                names = "--slots",
                defaultValue = "2",
                description = "Slots per TaskManager (default 2).")
        int slots;

        @Option(
                names = "--rest-port",
                defaultValue = "8081",
                description = "Web UI / REST port (default 8081).")
        int restPort;

        @Option(
                names = "--taskmanager-memory",
                defaultValue = "2048m",
                description =
                        "taskmanager.memory.process.size (default 2048m; libtorch native memory comes on top).")
        String memory;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description =
                        "medstream.parallelism in the generated job config (default 2; needs 2 x this many slots).")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            if (taskManagers < 1 || slots < 1 || parallelism < 1) {
                System.err.println("--taskmanagers, --slots and --parallelism must be at least 1");
                return 2;
            }
            long start = System.nanoTime();
            LocalCluster c =
                    LocalCluster.up(
                            dir(),
                            new LocalCluster.Options(
                                    taskManagers, slots, restPort, memory, parallelism),
                            step -> System.err.println("Starting " + step + " ..."));
            System.err.printf("Cluster up in %.1f s.%n", (System.nanoTime() - start) / 1e9);
            System.out.print(c.status());
            System.out.println();
            System.out.println("Run the job on it:  ./medstream run --config " + c.jobConfig());
            System.out.println("Stop it:            ./medstream cluster down");
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop every process of the cluster.")
    static final class Down extends DirOption implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Optional<LocalCluster> c = LocalCluster.attach(dir());
            if (c.isEmpty()) {
                System.err.println("No cluster is up in " + dir());
                return 1;
            }
            c.get().down();
            System.err.println("Cluster in " + dir() + " stopped (logs stay there).");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Processes, TaskManagers and jobs.")
    static final class Status extends DirOption implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Optional<LocalCluster> c = LocalCluster.attach(dir());
            if (c.isEmpty()) {
                System.err.println(
                        "No cluster is up in " + dir() + " (start one: ./medstream cluster up)");
                return 1;
            }
            System.out.print(c.get().status());
            return 0;
        }
    }
}
