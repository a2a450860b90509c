package io.medstream.embedded;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A class path that {@code mvn package} writes into the repository for a JVM that medstream starts
 * as a child process (the Kafka broker, the Flink cluster's JobManager and TaskManagers). Looked
 * up, in order: the system property (a file), the environment variable, then {@code relative} under
 * {@code medstream.root} or any parent of the working directory.
 *
 * @param relative the file, relative to the repository root
 * @param property system property that names the file instead
 * @param envVar environment variable that names the file instead
 * @param build the command that writes the file, for the error message
 */
public record BuildClasspath(String relative, String property, String envVar, String build) {

    /** The Kafka 4.2 broker's jars ({@code broker} module). */
    public static final BuildClasspath BROKER =
            new BuildClasspath(
                    "broker/target/broker.classpath",
                    "medstream.broker.classpath",
                    "MEDSTREAM_BROKER_CLASSPATH",
                    "mvn -pl broker package");

    /** A Flink session cluster's lib/: Flink, log4j, DJL ({@code deploy/cluster} module). */
    public static final BuildClasspath CLUSTER_LIB =
            new BuildClasspath(
                    "deploy/cluster/target/lib.classpath",
                    "medstream.cluster.classpath",
                    "MEDSTREAM_CLUSTER_CLASSPATH",
                    "mvn -pl deploy/cluster package");

    /** The class path, as the file lists it (entries separated by the path separator). */
    public String resolve() throws IOException {
        Path file = locate();
        String cp = Files.readString(file).trim();
        if (cp.isEmpty()) {
            throw new IOException(file + " is empty; rebuild with `" + build + "`");
        }
        return cp;
    }

    private Path locate() throws IOException {
        String named = System.getProperty(property);
        if (named == null) {
            named = System.getenv(envVar);
        }
        if (named != null) {
            return Path.of(named);
        }
        Path found = inRepository(relative);
        if (found == null || !Files.isRegularFile(found)) {
            throw new IOException(
                    relative
                            + " not found. Build it with `"
                            + build
                            + "` or set -D"
                            + property
                            + "=FILE");
        }
        return found;
    }

    /**
     * {@code relative} under {@code medstream.root}, else under the nearest parent of the working
     * directory that has it; null when none has.
     */
    public static Path inRepository(String relative) {
        String root = System.getProperty("medstream.root");
        if (root != null && Files.exists(Path.of(root).resolve(relative))) {
            return Path.of(root).resolve(relative);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        return null;
    }

    /**
     * The shaded job jar ({@code jobs/target/medstream-jobs-<version>-job.jar}) that a session
     * cluster runs.
     */
    public static Path jobJar() throws IOException {
        Path target = inRepository("jobs/target");
        if (target != null) {
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(target, "medstream-jobs-*-job.jar")) {
                for (Path jar : jars) {
                    return jar.toAbsolutePath();
                }
            }
        }
        throw new IOException(
                "the shaded job jar jobs/target/medstream-jobs-*-job.jar is missing; build it with"
                        + " `mvn -pl jobs -am package -DskipTests`");
    }
}
