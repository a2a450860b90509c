package io.medstream.testing;

import org.apache.flink.configuration.Configuration;

import io.medstream.embedded.IngestRun;
import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.Topic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The whole job's configuration for an end-to-end test: every topic fresh on the test broker. */
public final class PipelineTestConfig {
    private PipelineTestConfig() {}

    /**
     * @param prometheusPorts a port range of its own per test class (the classes share one JVM)
     */
    public static Configuration create(
            KafkaBrokerExtension kafka, int parallelism, Path blobs, String prometheusPorts) {
        Configuration conf = IngestRun.embeddedConfig(kafka.bootstrapServers(), parallelism, blobs);
        useFreshTopics(conf, kafka, EnumSet.allOf(Topic.class));
        // longer than the slowest gap between two instances of a series on a loaded 2-core machine
        conf.set(MedstreamOptions.SERIES_INACTIVITY, Duration.ofSeconds(20));
        conf.setString("metrics.reporter.prom.port", prometheusPorts);
        return conf;
    }

    /**
     * Points {@code topics} at fresh ones created on {@code kafka} (named after their defaults) and
     * derives the consumer group and transactional-id prefix from the fresh input topic, so runs
     * never share offsets or transactions. {@code topics} must hold {@link Topic#DICOM}.
     */
    public static void useFreshTopics(
            Configuration conf, KafkaBrokerExtension kafka, Set<Topic> topics) {
        if (!topics.contains(Topic.DICOM)) {
            throw new IllegalArgumentException("the group id derives from the DICOM topic");
        }
        for (Topic t : topics) {
            conf.set(t.option(), kafka.topic(t.defaultName()));
        }
        String dicom = conf.get(Topic.DICOM.option());
        conf.set(MedstreamOptions.GROUP_ID, "it-" + dicom);
        conf.set(MedstreamOptions.TRANSACTIONAL_ID_PREFIX, "it-" + dicom);
    }
}
