package io.medstream.embedded.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.embedded.BuildClasspath;
import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A multi-process cluster on loopback, as a hospital would run it but on one machine: a Kafka
 * cluster of three KRaft nodes (replication factor 3, {@code min.insync.replicas} 2), a Flink
 * JobManager (session mode, REST and web UI) and N TaskManagers, each its own JVM, started from
 * Maven-resolved jars ({@link BuildClasspath#CLUSTER_LIB}; no {@code flink-dist}).
 *
 * <p>Everything lives under one directory: {@code cluster.json} (ports, pids, command lines), the
 * Flink layout ({@code conf/ lib/ log/}), {@code kafka-N/}, {@code checkpoints/}, {@code blobs/}
 * and {@code medstream.yaml}, a job configuration for {@code ./medstream run --config} against this
 * cluster. The processes are detached: {@code cluster up} returns, and {@code status}, {@code down}
 * or a chaos run find them again through {@code cluster.json}.
 */
public final class LocalCluster {
    public static final String STATE_FILE = "cluster.json";
    public static final String JOB_CONFIG = "medstream.yaml";
    public static final int KAFKA_NODES = 3;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What {@code cluster.json} holds.
     *
     * @param restPort JobManager REST and web UI port on localhost
     * @param bootstrapServers the three Kafka nodes' client listeners
     * @param slotsPerTaskManager task slots of each TaskManager
     * @param nextTaskManager number of the next TaskManager started ({@code tm-N})
     */
    public record State(
            int restPort,
            String bootstrapServers,
            int slotsPerTaskManager,
            List<ClusterProcess> brokers,
            ClusterProcess jobManager,
            List<ClusterProcess> taskManagers,
            int nextTaskManager) {}

    /**
     * How to start a cluster.
     *
     * @param taskManagers TaskManagers started by {@code up}
     * @param slots task slots per TaskManager
     * @param restPort the JobManager's REST port (the web UI)
     * @param taskManagerMemory {@code taskmanager.memory.process.size} (JVM memory; libtorch's
     *     native memory comes on top)
     * @param parallelism {@code medstream.parallelism} written to {@code medstream.yaml}
     */
    public record Options(
            int taskManagers, int slots, int restPort, String taskManagerMemory, int parallelism) {
        public static Options defaults() {
            return new Options(2, 2, 8081, "2048m", 2);
        }
    }

    private final Path dir;
    private State state;

    private LocalCluster(Path dir, State state) {
        this.dir = dir;
        this.state = state;
    }

    /**
     * Starts a fresh cluster in {@code dir} and waits until every Kafka node and TaskManager is
     * registered. A directory of an earlier cluster that is down is wiped first.
     *
     * @throws IllegalStateException when a cluster in {@code dir} is still up, or {@code dir} holds
     *     something else
     */
    public static LocalCluster up(Path dir, Options o, Consumer<String> progress)
            throws IOException {
        dir = dir.toAbsolutePath();
        Optional<LocalCluster> running = attach(dir);
        if (running.isPresent()) {
            throw new IllegalStateException(
                    "a cluster is already up in " + dir + "; run `medstream cluster down` first");
        }
        wipe(dir);
        Files.createDirectories(dir);
        requireFreePort(o.restPort());
        Path jobJar = BuildClasspath.jobJar();

        progress.accept("Kafka: " + KAFKA_NODES + " KRaft nodes (separate JVMs)");
        List<KafkaBrokerProcess.Node> quorum = new ArrayList<>();
        for (int i = 1; i <= KAFKA_NODES; i++) {
            quorum.add(KafkaBrokerProcess.Node.onFreePorts(i));
        }
        String clusterId = Uuid.randomUuid().toString();
        List<ClusterProcess> brokers = new ArrayList<>();
        State state =
                new State(o.restPort(), bootstrap(quorum), o.slots(), brokers, null, List.of(), 1);
        LocalCluster cluster = new LocalCluster(dir, state);
        try {
            for (KafkaBrokerProcess.Node n : quorum) {
                Path kdir = dir.resolve("kafka-" + n.id());
                List<String> cmd = KafkaBrokerProcess.prepare(kdir, n, quorum, null, clusterId);
                brokers.add(
                        ClusterProcess.launch(
                                "kafka-" + n.id(), cmd, kdir.resolve("broker.log"), Map.of()));
            }
            cluster.save();
            cluster.awaitBrokers(KAFKA_NODES, Duration.ofSeconds(120));
            createTopics(state.bootstrapServers());

            progress.accept("Flink: JobManager and " + o.taskManagers() + " TaskManagers");
            FlinkProcesses flink = new FlinkProcesses(dir);
            flink.layOut(flinkSettings(dir, o, KafkaBrokerProcess.freePort()));
            ClusterProcess jm =
                    ClusterProcess.launch(
                            "jobmanager",
                            flink.jobManagerCommand(),
                            flink.logDir().resolve("jobmanager.out"),
                            Map.of());
            cluster.state =
                    new State(
                            o.restPort(),
                            state.bootstrapServers(),
                            o.slots(),
                            brokers,
                            jm,
                            List.of(),
                            1);
            cluster.save();
            cluster.awaitRest(Duration.ofSeconds(60));
            for (int i = 0; i < o.taskManagers(); i++) {
                cluster.startTaskManager(Duration.ofSeconds(90));
            }
            Files.writeString(
                    dir.resolve(JOB_CONFIG),
                    jobConfig(dir, cluster.state, o.parallelism(), jobJar));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.down();
            throw e;
        }
    }

    /** The cluster recorded in {@code dir}, if its JobManager is alive. */
    public static Optional<LocalCluster> attach(Path dir) throws IOException {
        Path file = dir.toAbsolutePath().resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        State s = JSON.readValue(file.toFile(), State.class);
        if (s.jobManager() == null || !s.jobManager().isAlive()) {
            return Optional.empty();
        }
        return Optional.of(new LocalCluster(dir.toAbsolutePath(), s));
    }

    public Path directory() {
        return dir;
    }

    public synchronized State state() {
        return state;
    }

    public String bootstrapServers() {
        return state.bootstrapServers();
    }

    public FlinkRest rest() {
        return new FlinkRest("localhost", state.restPort());
    }

    /** The job configuration for {@code ./medstream run --config} against this cluster. */
    public Path jobConfig() {
        return dir.resolve(JOB_CONFIG);
    }

    /** Starts one more TaskManager and waits until the ResourceManager has registered it. */
    public synchronized ClusterProcess startTaskManager(Duration timeout) throws IOException {
        String name = "tm-" + state.nextTaskManager();
        FlinkProcesses flink = new FlinkProcesses(dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ai.djl.offline", "true");
        // one intra-op thread per model: several TaskManagers share the machine's cores, and
        // libtorch's default (one per core each) oversubscribes them
        props.put("ai.djl.pytorch.num_threads", "1");
        props.put("ai.djl.pytorch.num_interop_threads", "1");
        props.put("medstream.cache.dir", dir.resolve("model-cache").toString());
        Map<String, String> env = new HashMap<>();
        env.put("DJL_CACHE_DIR", djlCacheDir());
        env.put("DJL_OFFLINE", "true");
        ClusterProcess tm =
                ClusterProcess.launch(
                        name,
                        flink.taskManagerCommand(name, props),
                        flink.logDir().resolve(name + ".out"),
                        env);
        List<ClusterProcess> tms = new ArrayList<>(state.taskManagers());
        tms.add(tm);
        state =
                new State(
                        state.restPort(),
                        state.bootstrapServers(),
                        state.slotsPerTaskManager(),
                        state.brokers(),
                        state.jobManager(),
                        tms,
                        state.nextTaskManager() + 1);
        save();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest().taskManagers().contains(name)) {
            if (!tm.isAlive()) {
                throw new IOException(name + " exited; see " + tm.log() + " and its .log file");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not register within " + timeout);
            }
            sleep(200);
        }
        return tm;
    }

    /** The TaskManagers whose JVM is alive. */
    public synchronized List<ClusterProcess> liveTaskManagers() {
        return state.taskManagers().stream().filter(ClusterProcess::isAlive).toList();
    }

    /** {@code kill -9} of the TaskManager {@code name}. */
    public void killTaskManager(String name) {
        state().taskManagers().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no TaskManager " + name))
                .kill();
    }

    /** {@code kill -9} of Kafka node {@code id} (1-based). */
    public void killBroker(int id) {
        state().brokers().get(id - 1).kill();
    }

    /** Starts Kafka node {@code id} again on its ports and data, and waits until all are up. */
    public synchronized void restartBroker(int id, Duration timeout) throws IOException {
        List<ClusterProcess> brokers = new ArrayList<>(state.brokers());
        brokers.set(id - 1, brokers.get(id - 1).restart());
        state =
                new State(
                        state.restPort(),
                        state.bootstrapServers(),
                        state.slotsPerTaskManager(),
                        brokers,
                        state.jobManager(),
                        state.taskManagers(),
                        state.nextTaskManager());
        save();
        awaitBrokers(KAFKA_NODES, timeout);
    }

    /** Waits until {@code n} Kafka nodes are in the cluster's metadata. */
    public void awaitBrokers(int n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = new HashMap<>();
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state().bootstrapServers());
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            for (ClusterProcess b : state().brokers()) {
                if (!b.isAlive() && n == KAFKA_NODES) {
                    throw new IOException(b.name() + " exited; see " + b.log());
                }
            }
            try (Admin admin = Admin.create(conf)) {
                if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() >= n) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            sleep(250);
        }
        throw new IOException(n + " Kafka nodes did not join within " + timeout);
    }

    /** Human-readable state: every process, the web UI, registered TaskManagers, jobs. */
    public String status() {
        StringBuilder out = new StringBuilder();
        State s = state();
        out.append("cluster directory: ").append(dir).append('\n');
        out.append("Kafka bootstrap:   ").append(s.bootstrapServers()).append('\n');
        out.append("Flink web UI:      ").append(rest().url()).append('\n');
        out.append("job config:        ").append(jobConfig()).append('\n');
        Stream.concat(
                        Stream.concat(s.brokers().stream(), Stream.of(s.jobManager())),
                        s.taskManagers().stream())
                .forEach(
                        p ->
                                out.append(
                                        String.format(
                                                "  %-11s pid %-8d %s%n",
                                                p.name(),
                                                p.pid(),
                                                p.isAlive() ? "running" : "stopped")));
        try {
            FlinkRest rest = rest();
            out.append("registered TaskManagers: ").append(rest.taskManagers()).append('\n');
            for (FlinkRest.JobOverview j : rest.jobs()) {
                out.append(String.format("  job %s %-10s %s%n", j.id(), j.state(), j.name()));
            }
        } catch (IOException e) {
            out.append("JobManager REST does not answer: ").append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

    /**
     * Stops every process (TaskManagers, JobManager, then Kafka; SIGTERM, {@code kill -9} after 15
     * s) and removes {@code cluster.json}. Logs and data stay until the next {@code up}.
     */
    public synchronized void down() throws IOException {
        Duration grace = Duration.ofSeconds(15);
        state.taskManagers().forEach(t -> t.stop(grace));
        if (state.jobManager() != null) {
            state.jobManager().stop(grace);
        }
        state.brokers().forEach(b -> b.stop(grace));
        Files.deleteIfExists(dir.resolve(STATE_FILE));
    }

    private synchronized void save() throws IOException {
        JSON.writeValue(dir.resolve(STATE_FILE).toFile(), state);
    }

    private void awaitRest(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest().isUp()) {
            if (!state().jobManager().isAlive()) {
                throw new IOException(
                        "the JobManager exited; see " + dir.resolve("log/jobmanager.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the JobManager's REST endpoint did not answer");
            }
            sleep(200);
        }
    }

    /** Every topic of the job with its default name: replication factor 3, min ISR 2. */
    private static void createTopics(String bootstrap) {
        Map<Topic, String> names = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            names.put(t, t.defaultName());
        }
        createTopics(bootstrap, names);
    }

    /**
     * Creates the job's topics under the given names, each with 3 replicas and {@code
     * min.insync.replicas} 2, room for whole DICOM files, 2 partitions (the control topic 1, so
     * commands keep their order).
     */
    public void createTopics(Map<Topic, String> names) {
        createTopics(bootstrapServers(), names);
    }

    private static void createTopics(String bootstrap, Map<Topic, String> names) {
        Map<String, String> configs = new HashMap<>(KafkaTopics.largeMessages());
        configs.put("min.insync.replicas", "2");
        names.forEach(
                (t, name) ->
                        KafkaTopics.ensure(
                                bootstrap,
                                Map.of(),
                                List.of(name),
                                t == Topic.CONTROL ? 1 : 2,
                                (short) KAFKA_NODES,
                                configs));
    }

    private static Map<String, String> flinkSettings(Path dir, Options o, int rpcPort) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.rpc.address", "localhost");
        m.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        m.put("jobmanager.bind-host", "localhost");
        m.put("taskmanager.host", "localhost");
        m.put("taskmanager.bind-host", "localhost");
        m.put("rest.address", "localhost");
        m.put("rest.bind-address", "localhost");
        m.put("rest.port", Integer.toString(o.restPort()));
        m.put("jobmanager.memory.process.size", "1024m");
        m.put("taskmanager.memory.process.size", o.taskManagerMemory());
        m.put("taskmanager.memory.managed.fraction", "0.05");
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(o.slots()));
        m.put("taskmanager.load-balance.mode", "SLOTS");
        // a killed TaskManager is noticed within seconds, not after the 50 s default
        m.put("heartbeat.interval", "1000");
        m.put("heartbeat.timeout", "5000");
        m.put("heartbeat.rpc-failure-threshold", "1");
        // DJL is in lib/: loaded once per JVM by the parent classloader (deploy/README.md)
        m.put("classloader.parent-first-patterns.additional", "ai.djl.");
        m.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        m.put("web.upload.dir", dir.resolve("web-upload").toString());
        m.put("io.tmp.dirs", dir.resolve("tmp").toString());
        m.put(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        m.put("metrics.reporter.prom.port", "9260-9280");
        return m;
    }

    private static String jobConfig(Path dir, State s, int parallelism, Path jobJar) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return String.join(
                "\n",
                "# Written by `medstream cluster up`: the job on this loopback cluster.",
                "#   ./medstream run --config " + dir.resolve(JOB_CONFIG),
                "# submits the shaded job jar through the JobManager's REST API (RestClusterClient).",
                "medstream.kafka.bootstrap-servers: " + s.bootstrapServers(),
                "medstream.kafka.group-id: medstream-cluster",
                "medstream.kafka.transactional-id-prefix: medstream-cluster",
                "medstream.parallelism: " + parallelism,
                "medstream.checkpoint.interval: 2 s",
                "medstream.claim-check.store: " + dir.resolve("blobs").toUri(),
                "medstream.pseudonym.secret: " + HexFormat.of().formatHex(secret),
                "execution.target: remote",
                "rest.address: localhost",
                "rest.port: " + s.restPort(),
                "pipeline.jars: " + jobJar.toUri(),
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 1000",
                "restart-strategy.fixed-delay.delay: 1 s",
                "");
    }

    private static String djlCacheDir() {
        String d = System.getenv("DJL_CACHE_DIR");
        if (d == null) {
            d = System.getProperty("DJL_CACHE_DIR");
        }
        return d != null ? d : Path.of(System.getProperty("user.home"), ".djl.ai").toString();
    }

    private static String bootstrap(List<KafkaBrokerProcess.Node> quorum) {
        return String.join(",", quorum.stream().map(n -> "127.0.0.1:" + n.clientPort()).toList());
    }

    /**
     * Removes an earlier cluster's directory; refuses a directory that is not one (no {@code conf/}
     * or {@code kafka-1/} in it and not empty).
     */
    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        boolean ours = Files.exists(dir.resolve("kafka-1")) || Files.exists(dir.resolve("conf"));
        try (Stream<Path> entries = Files.list(dir)) {
            if (!ours && entries.findAny().isPresent()) {
                throw new IllegalStateException(
                        dir + " is not empty and not a medstream cluster directory");
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void requireFreePort(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " is in use; choose another with --rest-port", e);
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
