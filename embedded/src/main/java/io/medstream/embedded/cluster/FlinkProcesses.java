package io.medstream.embedded.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

import io.medstream.embedded.BuildClasspath;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink side of a local session cluster, laid out as a Flink distribution would be: {@code
 * conf/config.yaml} and {@code conf/log4j.properties}, {@code lib/} (links to the Maven-resolved
 * jars of {@link BuildClasspath#CLUSTER_LIB}: Flink, log4j, DJL), {@code log/}. Builds the command
 * lines that Flink's {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} would run: the memory
 * flags computed by Flink's own process-memory utilities (what {@code BashJavaUtils} prints for the
 * scripts) and Flink's Java 17 module flags.
 */
final class FlinkProcesses {

    /** Flink's {@code env.java.opts.all} default for Java 17: Pekko and Kryo reach into these. */
    static final List<String> JAVA17_FLAGS =
            List.of(
                    "-XX:+IgnoreUnrecognizedVMOptions",
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;

    FlinkProcesses(Path dir) {
        this.dir = dir;
    }

    Path confDir() {
        return dir.resolve("conf");
    }

    Path logDir() {
        return dir.resolve("log");
    }

    /**
     * Writes {@code conf/} and links {@code lib/}.
     *
     * @param settings Flink keys of the cluster ({@code config.yaml}), in order
     */
    void layOut(Map<String, String> settings) throws IOException {
        Files.createDirectories(confDir());
        Files.createDirectories(logDir());
        StringBuilder yaml =
                new StringBuilder(
                        "# Written by `medstream cluster up`: a loopback session cluster.\n");
        settings.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME), yaml);
        Files.writeString(confDir().resolve("log4j.properties"), LOG4J);
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        for (String jar : BuildClasspath.CLUSTER_LIB.resolve().split(File.pathSeparator)) {
            Path source = Path.of(jar);
            Path link = lib.resolve(source.getFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, source);
            }
        }
    }

    /** {@code conf/config.yaml} as Flink reads it. */
    Configuration configuration() {
        return GlobalConfiguration.loadConfiguration(confDir().toString());
    }

    /** The JobManager (a standalone session entry point, with REST and the web dashboard). */
    List<String> jobManagerCommand() {
        Configuration conf = configuration();
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
        List<String> cmd = java("jobmanager", conf, Map.of());
        cmd.addAll(1, split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf)));
        cmd.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        cmd.addAll(List.of("--configDir", confDir().toString()));
        cmd.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
        return cmd;
    }

    /**
     * A TaskManager with resource id {@code name}. {@code jvmProperties} become {@code -D} system
     * properties (DJL's thread counts and offline mode, the model cache).
     */
    List<String> taskManagerCommand(String name, Map<String, String> jvmProperties) {
        Configuration conf = configuration();
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> cmd = java(name, conf, jvmProperties);
        cmd.addAll(1, split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
        cmd.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        cmd.addAll(List.of("--configDir", confDir().toString()));
        cmd.addAll(List.of("-D", "taskmanager.resource-id=" + name));
        cmd.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        return cmd;
    }

    private List<String> java(String name, Configuration conf, Map<String, String> props) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JAVA17_FLAGS);
        Map<String, String> all = new LinkedHashMap<>(props);
        // the web UI shows this file under "Logs"
        all.put("log.file", logDir().resolve(name + ".log").toString());
        all.put(
                "log4j.configurationFile",
                confDir().resolve("log4j.properties").toUri().toString());
        all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(dir.resolve("lib").toString() + File.separator + "*");
        return cmd;
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static final String LOG4J =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "appender.main.name = MainAppender",
                    "appender.main.type = RollingFile",
                    "appender.main.append = true",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.filePattern = ${sys:log.file}.%i",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "appender.main.policies.type = Policies",
                    "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
                    "appender.main.policies.size.size = 50MB",
                    "appender.main.strategy.type = DefaultRolloverStrategy",
                    "appender.main.strategy.max = 3",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "");
}
