package io.medstream.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every Kafka topic of the job: its default name and the {@code medstream.topics.*} option that
 * overrides it. The single definition of the names; the CLI, the embedded runs and the tests all
 * read them from here.
 */
public enum Topic {
    DICOM("dicom", "scans.dicom", "Input: raw DICOM Part 10 bytes."),
    EVENTS("events", "scans.events", "Input: ScanEvent Avro records."),
    READY("ready", "scans.ready", "Output: validated, normalised ScanEvents."),
    DLQ("dlq", "scans.dlq", "Output: DeadLetter records."),
    MASKS("masks", "scans.masks", "Output: SegmentationResult per scan."),
    REPORTS("reports", "scans.reports", "Output: StudyReport per series."),
    REPORTS_FHIR(
            "reports-fhir",
            "scans.reports.fhir",
            "Output: the same reports as FHIR R4 DiagnosticReport JSON (status preliminary)."),
    PREFERENCES("preferences", "csr.preferences", "Output: CSR PreferencePair records."),
    CONTROL(
            "control",
            "models.control",
            "Input: ModelControl commands that hot-swap model versions.");

    /** The topics the ingestion stage reads and writes (an ingestion-only run needs just these). */
    public static final Set<Topic> INGEST = EnumSet.of(DICOM, EVENTS, READY, DLQ);

    /** The topics the job reads; all others it writes. */
    public static final Set<Topic> INPUTS = EnumSet.of(DICOM, EVENTS, CONTROL);

    private final String key;
    private final ConfigOption<String> option;

    Topic(String key, String defaultName, String description) {
        this.key = key;
        this.option =
                ConfigOptions.key("medstream.topics." + key)
                        .stringType()
                        .defaultValue(defaultName)
                        .withDescription(description);
    }

    /** The option that names this topic. */
    public ConfigOption<String> option() {
        return option;
    }

    /** The name used when {@link #option()} is not set. */
    public String defaultName() {
        return option.defaultValue();
    }

    /** The option key's last part ({@code dicom}, {@code reports-fhir}, ...). */
    public String key() {
        return key;
    }

    /** The default names of all topics, in declaration order. */
    public static List<String> defaultNames() {
        return Arrays.stream(values()).map(Topic::defaultName).toList();
    }
}
