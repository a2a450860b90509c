package io.medstream.embedded.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of a local cluster (a Kafka node, the JobManager, a TaskManager), recorded by pid and
 * command line so that a later {@code medstream} invocation can find it, kill it or start it again.
 * The process is detached: it outlives the JVM that started it, its console goes to {@code log}.
 *
 * @param name role and number: {@code kafka-1}, {@code jobmanager}, {@code tm-3}
 * @param pid operating-system process id of the last start
 * @param command the full command line; running it again restarts the process with the same ports
 *     and data
 * @param log file that receives its standard output and error (appended across restarts)
 * @param env environment variables added to the caller's
 */
public record ClusterProcess(
        String name, long pid, List<String> command, String log, Map<String, String> env) {

    /** Starts {@code command} detached; its output is appended to {@code log}. */
    public static ClusterProcess launch(
            String name, List<String> command, Path log, Map<String, String> env)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        return new ClusterProcess(name, p.pid(), List.copyOf(command), log.toString(), env);
    }

    /** The same command started again (after {@link #kill()}), with its new pid. */
    public ClusterProcess restart() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + pid + ")");
        }
        return launch(name, command, Path.of(log), env);
    }

    @JsonIgnore
    public boolean isAlive() {
        return handle().map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * {@code kill -9}: the process gets no chance to clean up, as in a machine or JVM crash. Waits
     * until it is gone.
     */
    public void kill() {
        handle().ifPresent(
                        h -> {
                            h.destroyForcibly();
                            await(h, Duration.ofSeconds(10));
                        });
    }

    /** SIGTERM, then {@code kill -9} after {@code grace}. */
    public void stop(Duration grace) {
        handle().ifPresent(
                        h -> {
                            h.destroy();
                            if (!await(h, grace)) {
                                h.destroyForcibly();
                                await(h, Duration.ofSeconds(10));
                            }
                        });
    }

    private Optional<ProcessHandle> handle() {
        // a recycled pid would belong to another program: only a java process is ours
        return ProcessHandle.of(pid)
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true));
    }

    private static boolean await(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return !h.isAlive();
        }
    }
}
