package io.medstream.embedded.kafka;

import io.medstream.embedded.BuildClasspath;
import io.medstream.jobs.config.KafkaSecurity;
import io.medstream.jobs.config.MedstreamOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka 4.2 broker in KRaft mode, run as its own JVM ({@code kafka.Kafka}, as in
 * production) from the classpath that the {@code broker} module resolves. Nothing of the broker
 * touches the caller's classpath. Listens on loopback only, on free ports; {@link #close()} always
 * stops it.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);

    /**
     * Largest record the broker accepts: as large as the job's clients send ({@link
     * MedstreamOptions#MAX_RECORD_BYTES}).
     */
    public static final int MAX_MESSAGE_BYTES = MedstreamOptions.MAX_RECORD_BYTES;

    /**
     * A SASL_SSL client listener (SCRAM-SHA-512) instead of PLAINTEXT: the broker's key pair in
     * {@code keystore}, its CA in {@code truststore} (both PKCS12 with {@code storePassword}) and
     * the one SCRAM user clients log in as. The broker's own replication listener stays on
     * plaintext loopback (one node).
     */
    public record SaslSsl(
            String user, String password, Path keystore, Path truststore, String storePassword) {

        /**
         * What a client needs to connect: security protocol, SCRAM login, truststore, as the job
         * builds them from its own settings.
         */
        public Map<String, Object> clientProperties() {
            return Map.copyOf(
                    new KafkaSecurity(
                                    "SASL_SSL",
                                    "SCRAM-SHA-512",
                                    user,
                                    password,
                                    truststore.toString(),
                                    storePassword,
                                    "PKCS12")
                            .clientProperties());
        }

        @Override
        public String toString() {
            return "SaslSsl[user=" + user + ", keystore=" + keystore + ", passwords hidden]";
        }
    }

    private final Process process;
    private final Path dir;
    private final String bootstrapServers;
    private final Map<String, Object> clientProperties;

    private KafkaBrokerProcess(
            Process process,
            Path dir,
            String bootstrapServers,
            Map<String, Object> clientProperties) {
        this.process = process;
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
    }

    /**
     * Formats a fresh KRaft log directory under {@code dir}, starts the broker and waits until it
     * answers.
     *
     * @param dir working directory (logs, config, broker.log); created if missing
     * @param port client port, or 0 for a free one
     */
    public static KafkaBrokerProcess start(Path dir, int port, Duration timeout)
            throws IOException {
        return start(dir, port, timeout, null);
    }

    /**
     * As {@link #start(Path, int, Duration)}; with {@code tls} non-null the client port is a
     * SASL_SSL listener and a client without the SCRAM credentials is refused.
     */
    public static KafkaBrokerProcess start(Path dir, int port, Duration timeout, SaslSsl tls)
            throws IOException {
        Node self = new Node(1, port > 0 ? port : freePort(), freePort());
        List<String> command = prepare(dir, self, List.of(self), tls, Uuid.randomUuid().toString());
        // Its console goes to broker.log, never to the caller's terminal.
        Process proc =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("broker.log").toFile())
                        .start();
        String bootstrap = "127.0.0.1:" + self.clientPort();
        KafkaBrokerProcess broker =
                new KafkaBrokerProcess(
                        proc, dir, bootstrap, tls == null ? Map.of() : tls.clientProperties());
        try {
            broker.awaitReady(timeout);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("Kafka broker up at {} (dir {})", bootstrap, dir);
        return broker;
    }

    /**
     * One combined broker and controller of a KRaft quorum on loopback.
     *
     * @param id node id (1, 2, ...)
     * @param clientPort the client listener's port
     * @param controllerPort the controller listener's port
     */
    public record Node(int id, int clientPort, int controllerPort) {
        /** A node on two free ports. */
        public static Node onFreePorts(int id) {
            return new Node(id, freePort(), freePort());
        }
    }

    /**
     * Writes {@code self}'s configuration under {@code dir} and formats its log directory for the
     * cluster {@code clusterId} whose controllers are {@code quorum} (a static voter set; one node
     * formats as a standalone controller). Replication follows the quorum's size: with 3 nodes,
     * every topic defaults to replication factor 3 and {@code min.insync.replicas} 2, so one node
     * may die without losing an acknowledged ({@code acks=all}) record.
     *
     * @return the command that starts the node; run it again to restart the node on the same ports
     *     and data
     */
    public static List<String> prepare(
            Path dir, Node self, List<Node> quorum, SaslSsl tls, String clusterId)
            throws IOException {
        Files.createDirectories(dir);
        String classpath = BuildClasspath.BROKER.resolve();
        int internalPort = tls == null ? 0 : freePort();
        Path config = writeConfig(dir, self, quorum, internalPort, tls);
        Path log4j = writeLog4j(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // KRaft refuses to start on an unformatted log dir.
        List<String> format =
                new ArrayList<>(
                        javaCommand(
                                java,
                                classpath,
                                log4j,
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                clusterId,
                                "-c",
                                config.toString(),
                                "--ignore-formatted"));
        if (quorum.size() == 1) {
            format.add("--standalone");
        }
        if (tls != null) {
            // KRaft stores SCRAM credentials in its metadata log: created at format time
            format.add("--add-scram");
            format.add("SCRAM-SHA-512=[name=" + tls.user() + ",password=" + tls.password() + "]");
        }
        Process formatter =
                new ProcessBuilder(format)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("format.log").toFile())
                        .start();
        try {
            if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
                formatter.destroyForcibly();
                throw new IOException(
                        "Kafka storage format failed; see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
        List<String> cmd =
                new ArrayList<>(
                        javaCommand(java, classpath, log4j, "kafka.Kafka", config.toString()));
        cmd.addAll(1, List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        return cmd;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Properties every client of this broker needs (empty for plaintext). */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    public Path directory() {
        return dir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = new HashMap<>(clientProperties);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "Kafka broker exited with code "
                                + process.exitValue()
                                + "; see "
                                + dir.resolve("broker.log"));
            }
            try (Admin admin = Admin.create(conf)) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                sleep(250);
            }
        }
        throw new IOException(
                "Kafka broker did not answer within "
                        + timeout
                        + "; see "
                        + dir.resolve("broker.log"));
    }

    @Override
    public void close() {
        // Children first (there are none today, but a wrapper script would have some), then the JVM
        // itself.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> javaCommand(
            String java, String cp, Path log4j, String main, String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Dlog4j.configurationFile=" + log4j.toUri(),
                                "-cp",
                                cp,
                                main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Path writeConfig(
            Path dir, Node self, List<Node> quorum, int internalPort, SaslSsl tls)
            throws IOException {
        int port = self.clientPort();
        int controllerPort = self.controllerPort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(self.id()));
        if (quorum.size() == 1) {
            p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        } else {
            // a static voter set: every node knows the whole quorum from its configuration
            p.setProperty(
                    "controller.quorum.voters",
                    String.join(
                            ",",
                            quorum.stream()
                                    .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                                    .toList()));
        }
        p.setProperty("controller.listener.names", "CONTROLLER");
        if (tls == null) {
            p.setProperty(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty(
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            p.setProperty(
                    "listeners",
                    "SASL_SSL://127.0.0.1:"
                            + port
                            + ",INTERNAL://127.0.0.1:"
                            + internalPort
                            + ",CONTROLLER://127.0.0.1:"
                            + controllerPort);
            p.setProperty(
                    "advertised.listeners",
                    "SASL_SSL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
            p.setProperty("inter.broker.listener.name", "INTERNAL");
            p.setProperty(
                    "listener.security.protocol.map",
                    "SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.setProperty(
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.setProperty("ssl.keystore.location", tls.keystore().toString());
            p.setProperty("ssl.keystore.type", "PKCS12");
            p.setProperty("ssl.keystore.password", tls.storePassword());
            p.setProperty("ssl.key.password", tls.storePassword());
            p.setProperty("ssl.client.auth", "none");
        }
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        String replicas = Integer.toString(Math.min(3, quorum.size()));
        String minIsr = quorum.size() >= 3 ? "2" : "1";
        p.setProperty("num.partitions", "2");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("auto.create.topics.enable", "false");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "medstream KRaft node " + self.id() + " of " + quorum.size());
        }
        return file;
    }

    private static Path writeLog4j(Path dir) throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.console.ref = console",
                        "appender.console.type = Console",
                        "appender.console.name = console",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                        "logger.kafka.name = kafka.server.KafkaRaftServer",
                        "logger.kafka.level = INFO",
                        ""));
        return file;
    }

    /** A free port on the loopback interface (for the cluster's other listeners too). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
