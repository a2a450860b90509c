package io.medstream.embedded.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the broker classpath that {@code mvn package} writes to {@code
 * broker/target/broker.classpath}. Looked up, in order: system property {@code
 * medstream.broker.classpath} (a file), environment variable {@code MEDSTREAM_BROKER_CLASSPATH},
 * then {@code broker/target/broker.classpath} under {@code medstream.root} or any parent of the
 * working directory.
 */
final class BrokerClasspath {
    static final String RELATIVE = "broker/target/broker.classpath";

    private BrokerClasspath() {}

    static String resolve() throws IOException {
        Path file = locate();
        String cp = Files.readString(file).trim();
        if (cp.isEmpty()) {
            throw new IOException(file + " is empty; rebuild with `mvn -pl broker package`");
        }
        return cp;
    }

    private static Path locate() throws IOException {
        String prop = System.getProperty("medstream.broker.classpath");
        if (prop == null) {
            prop = System.getenv("MEDSTREAM_BROKER_CLASSPATH");
        }
        if (prop != null) {
            return Path.of(prop);
        }
        String root = System.getProperty("medstream.root");
        if (root != null && Files.isRegularFile(Path.of(root).resolve(RELATIVE))) {
            return Path.of(root).resolve(RELATIVE);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(RELATIVE))) {
                return p.resolve(RELATIVE);
            }
        }
        throw new IOException(
                "Kafka broker classpath not found ("
                        + RELATIVE
                        + "). Build it with "
                        + "`mvn -pl broker package` or set -Dmedstream.broker.classpath=FILE");
    }
}
