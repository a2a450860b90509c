package io.medstream.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.embedded.cluster.ClusterJobs;
import io.medstream.jobs.config.ConfigLoader;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.MedstreamJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream run --config FILE}: the job against a user's own Kafka. Flink keys in the same
 * file choose where it runs: nothing (a local embedded cluster, runs until stopped), or {@code
 * execution.target: remote} with {@code rest.address}, {@code rest.port} and {@code pipeline.jars}
 * (the shaded job jar) for a session cluster: then the job is submitted and the command returns
 * ({@code medstream cluster up} writes such a file).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the medstream job with a YAML configuration (your Kafka, your Flink).")
public final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            required = true,
            description = "YAML file with medstream.* and Flink keys.")
    Path config;

    @Option(
            names = "--set",
            description = "Override one key: --set medstream.parallelism=2 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Configuration conf = ConfigLoader.load(config, overrides);
        MedstreamSettings settings = MedstreamSettings.fromConfiguration(conf);
        System.out.println(
                "medstream job: Kafka "
                        + settings.bootstrapServers()
                        + ", inputs "
                        + settings.ingest().dicomTopic()
                        + " + "
                        + settings.ingest().eventsTopic()
                        + " -> "
                        + settings.readyTopic()
                        + " (dead letters: "
                        + settings.dlqTopic()
                        + ")");
        if (ClusterJobs.isRemote(conf)) {
            // a session cluster runs the job: submit, say where to watch it, and return
            JobClient job = ClusterJobs.submit(conf);
            System.out.println(
                    "submitted job "
                            + job.getJobID()
                            + " to "
                            + conf.get(DeploymentOptions.TARGET)
                            + " cluster; web UI: http://"
                            + conf.get(RestOptions.ADDRESS)
                            + ":"
                            + conf.get(RestOptions.PORT)
                            + "/#/job/running/"
                            + job.getJobID());
            return 0;
        }
        MedstreamJob.execute(StreamExecutionEnvironment.getExecutionEnvironment(conf), settings);
        return 0;
    }
}
