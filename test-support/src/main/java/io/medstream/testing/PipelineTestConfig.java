package io.medstream.testing;

import org.apache.flink.configuration.Configuration;

import io.medstream.embedded.IngestRun;
import io.medstream.jobs.config.MedstreamOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The whole job's configuration for an end-to-end test: every topic fresh on the test broker. */
public final class PipelineTestConfig {
    private PipelineTestConfig() {}

    /**
     * @param prometheusPorts a port range of its own per test class (the classes share one JVM)
     */
    public static Configuration create(
            KafkaBrokerExtension kafka, int parallelism, Path blobs, String prometheusPorts) {
        Map<String, String> t =
                kafka.topics(
                        "scans.dicom",
                        "scans.events",
                        "scans.ready",
                        "scans.dlq",
                        "scans.masks",
                        "scans.reports",
                        "scans.reports.fhir",
                        "csr.preferences",
                        "models.control");
        Configuration conf = IngestRun.embeddedConfig(kafka.bootstrapServers(), parallelism, blobs);
        useIngestTopics(conf, t);
        conf.set(MedstreamOptions.TOPIC_MASKS, t.get("scans.masks"));
        conf.set(MedstreamOptions.TOPIC_REPORTS, t.get("scans.reports"));
        conf.set(MedstreamOptions.TOPIC_REPORTS_FHIR, t.get("scans.reports.fhir"));
        conf.set(MedstreamOptions.TOPIC_PREFERENCES, t.get("csr.preferences"));
        conf.set(MedstreamOptions.TOPIC_CONTROL, t.get("models.control"));
        // longer than the slowest gap between two instances of a series on a loaded 2-core machine
        conf.set(MedstreamOptions.SERIES_INACTIVITY, Duration.ofSeconds(20));
        conf.setString("metrics.reporter.prom.port", prometheusPorts);
        return conf;
    }

    /**
     * Points the ingestion topics at fresh ones ({@code t}: logical name → created topic) and
     * derives the consumer group and transactional-id prefix from the fresh input topic, so runs
     * never share offsets or transactions.
     */
    public static void useIngestTopics(Configuration conf, Map<String, String> t) {
        conf.set(MedstreamOptions.TOPIC_DICOM, t.get("scans.dicom"));
        conf.set(MedstreamOptions.TOPIC_EVENTS, t.get("scans.events"));
        conf.set(MedstreamOptions.TOPIC_READY, t.get("scans.ready"));
        conf.set(MedstreamOptions.TOPIC_DLQ, t.get("scans.dlq"));
        conf.set(MedstreamOptions.GROUP_ID, "it-" + t.get("scans.dicom"));
        conf.set(MedstreamOptions.TRANSACTIONAL_ID_PREFIX, "it-" + t.get("scans.dicom"));
    }
}
