package io.medstream.embedded.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.MedstreamJob;

/**
 * Submits the job to a running session cluster. {@code getExecutionEnvironment} outside Flink's CLI
 * always makes a local cluster, whatever {@code execution.target} says; an environment built on the
 * configuration itself picks the executor that the target names ({@code remote}: Flink's {@code
 * RemoteExecutor}, which uploads the jars of {@code pipeline.jars} and submits the JobGraph through
 * {@code RestClusterClient}).
 */
public final class ClusterJobs {
    private ClusterJobs() {}

    /** Whether {@code conf} names a cluster to submit to instead of running locally. */
    public static boolean isRemote(Configuration conf) {
        return conf.getOptional(DeploymentOptions.TARGET)
                .map(t -> !t.equals("local"))
                .orElse(false);
    }

    /**
     * Builds the job from {@code conf} and submits it without waiting for it to end.
     *
     * @throws IllegalArgumentException when {@code conf} names no remote target or no job jar
     */
    public static JobClient submit(Configuration conf) throws Exception {
        if (!isRemote(conf)) {
            throw new IllegalArgumentException("execution.target is not a cluster: " + conf);
        }
        if (conf.getOptional(PipelineOptions.JARS).map(j -> j.isEmpty()).orElse(true)) {
            throw new IllegalArgumentException(
                    "pipeline.jars must name the shaded job jar"
                            + " (jobs/target/medstream-jobs-<version>-job.jar): the TaskManagers"
                            + " load the job's classes from it");
        }
        MedstreamSettings settings = MedstreamSettings.fromConfiguration(conf);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        MedstreamJob.build(env, settings);
        return env.executeAsync(MedstreamJob.JOB_NAME);
    }
}
