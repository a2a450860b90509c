package io.medstream.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import io.medstream.operators.deadletter.ErrorStrategy;

import java.time.Duration;

/**
 * Every tunable of the medstream job, under the {@code medstream.} prefix. Read once into {@link
 * MedstreamSettings}; operators only ever see that immutable record.
 */
public final class MedstreamOptions {
    private MedstreamOptions() {}

    private static final String P = "medstream.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key(P + "kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key(P + "kafka.group-id")
                    .stringType()
                    .defaultValue("medstream-ingest")
                    .withDescription("Consumer group of the job's source.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key(P + "kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("medstream-ingest")
                    .withDescription(
                            "Prefix of the sink's transactional ids; must be unique per application on a cluster.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key(P + "kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Producer transaction.timeout.ms. Must exceed checkpoint interval + restart time and stay "
                                    + "below the broker's transaction.max.timeout.ms (15 min by default).");
    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key(P + "kafka.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the offsets that are latest when the job starts (tests, demo, backfills).");
    public static final ConfigOption<Boolean> FROM_EARLIEST =
            ConfigOptions.key(P + "kafka.from-earliest")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Without committed offsets, start from the earliest offset (true) or the latest.");

    public static final ConfigOption<String> TOPIC_DICOM = Topic.DICOM.option();
    public static final ConfigOption<String> TOPIC_EVENTS = Topic.EVENTS.option();
    public static final ConfigOption<String> TOPIC_READY = Topic.READY.option();
    public static final ConfigOption<String> TOPIC_DLQ = Topic.DLQ.option();

    public static final ConfigOption<String> TOPIC_MASKS = Topic.MASKS.option();
    public static final ConfigOption<String> TOPIC_REPORTS = Topic.REPORTS.option();
    public static final ConfigOption<String> TOPIC_REPORTS_FHIR = Topic.REPORTS_FHIR.option();
    public static final ConfigOption<String> TOPIC_PREFERENCES = Topic.PREFERENCES.option();
    public static final ConfigOption<String> TOPIC_CONTROL = Topic.CONTROL.option();

    public static final ConfigOption<String> KAFKA_SECURITY_PROTOCOL =
            ConfigOptions.key(P + "kafka.security.protocol")
                    .stringType()
                    .defaultValue("PLAINTEXT")
                    .withDescription(
                            "security.protocol of every Kafka client of the job: PLAINTEXT, SSL, SASL_PLAINTEXT or "
                                    + "SASL_SSL.");
    public static final ConfigOption<String> KAFKA_SASL_MECHANISM =
            ConfigOptions.key(P + "kafka.sasl.mechanism")
                    .stringType()
                    .defaultValue("SCRAM-SHA-512")
                    .withDescription("SASL mechanism: SCRAM-SHA-512 or SCRAM-SHA-256.");
    public static final ConfigOption<String> KAFKA_SASL_USERNAME =
            ConfigOptions.key(P + "kafka.sasl.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("SCRAM user (SASL protocols).");
    public static final ConfigOption<String> KAFKA_SASL_PASSWORD =
            ConfigOptions.key(P + "kafka.sasl.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "SCRAM password (SASL protocols). Never logged: Flink masks keys that contain "
                                    + "\"password\"; keep it out of version control (e.g. --set from a secret).");
    public static final ConfigOption<String> KAFKA_TRUSTSTORE_LOCATION =
            ConfigOptions.key(P + "kafka.ssl.truststore.location")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Truststore with the brokers' CA (SSL protocols); absent: the JVM's default CAs.");
    public static final ConfigOption<String> KAFKA_TRUSTSTORE_PASSWORD =
            ConfigOptions.key(P + "kafka.ssl.truststore.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password of the truststore.");
    public static final ConfigOption<String> KAFKA_TRUSTSTORE_TYPE =
            ConfigOptions.key(P + "kafka.ssl.truststore.type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("PKCS12 or JKS.");

    public static final ConfigOption<Boolean> MODELS_ENABLED =
            ConfigOptions.key(P + "models.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Run the segment, group and draft stages (false: ingestion only).");
    public static final ConfigOption<Integer> SEGMENT_BATCH_SIZE =
            ConfigOptions.key(P + "segment.batch-size")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Images per SAM-UNet encoder batch.");
    public static final ConfigOption<Duration> SEGMENT_BATCH_TIMEOUT =
            ConfigOptions.key(P + "segment.batch-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Flush a partial segmentation batch after this long.");
    public static final ConfigOption<Integer> SEGMENT_WORKERS =
            ConfigOptions.key(P + "segment.workers")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "SAM-UNet workers per segment subtask, each with its own loaded model and thread "
                                    + "(memory: one model each, two during a hot swap). In-flight scans per subtask: "
                                    + "2 x workers x batch size.");
    public static final ConfigOption<Integer> SEGMENT_PARALLELISM =
            ConfigOptions.key(P + "segment.parallelism")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Subtasks of the segment stage (0: medstream.parallelism). State-compatible: a job "
                                    + "restored from a savepoint may change it.");
    public static final ConfigOption<Duration> SEGMENT_TIMEOUT =
            ConfigOptions.key(P + "segment.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "A scan not segmented within this long (queue wait included) becomes a dead letter "
                                    + "(stage segment, reason TIMEOUT); the job goes on.");
    public static final ConfigOption<Integer> SEGMENT_MAX_PROMPTS =
            ConfigOptions.key(P + "segment.max-prompts")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Prompts per scan above which the scan is dead-lettered.");
    public static final ConfigOption<Boolean> SEGMENT_BOX_CONSTRAINT =
            ConfigOptions.key(P + "segment.box-constraint")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Confine each box prompt's mask to its box (a box prompt says where the object is; the "
                                    + "decoder, trained on jittered boxes, otherwise spills past tight boxes). Turn off for boxes "
                                    + "that may cut the object.");
    public static final ConfigOption<Duration> SERIES_INACTIVITY =
            ConfigOptions.key(P + "series.inactivity-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A series without its expected instance count is complete after this long without a "
                                    + "new instance.");
    public static final ConfigOption<Integer> SERIES_MAX_INSTANCES =
            ConfigOptions.key(P + "series.max-instances")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Instances of one series held for its report (bounds keyed state: each holds identifiers, "
                                    + "its masks and a reference to its decoded frame); later ones still get masks but become "
                                    + "dead letters of stage group.");
    public static final ConfigOption<MemorySize> SERIES_MAX_STATE_BYTES =
            ConfigOptions.key(P + "series.max-state-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("256mb"))
                    .withDescription(
                            "Serialized keyed state held per series (per instance: identifiers, its RLE masks and a "
                                    + "reference to its decoded frame in the blob store, never DICOM or pixels); an instance "
                                    + "that would pass it still gets its mask but becomes a dead letter of stage group.");
    public static final ConfigOption<Boolean> DRAFT_CSR =
            ConfigOptions.key(P + "draft.csr")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Draft with the CSR sentence search (true; emits preference pairs) or greedy decoding.");
    public static final ConfigOption<Integer> DRAFT_MAX_SLICES =
            ConfigOptions.key(P + "draft.max-slices")
                    .intType()
                    .defaultValue(12)
                    .withDescription(
                            "Slices of a series the drafter reads (evenly spaced by instance number).");

    public static final ConfigOption<Integer> DRAFT_WORKERS =
            ConfigOptions.key(P + "draft.workers")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Drafter workers per draft subtask, each with its own loaded drafter and scorer and "
                                    + "thread. In-flight series per subtask: 2 x workers.");
    public static final ConfigOption<Integer> DRAFT_PARALLELISM =
            ConfigOptions.key(P + "draft.parallelism")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Subtasks of the draft stage (0: medstream.parallelism). State-compatible: a job "
                                    + "restored from a savepoint may change it.");
    public static final ConfigOption<Duration> DRAFT_TIMEOUT =
            ConfigOptions.key(P + "draft.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "A series not drafted within this long (queue wait included) becomes a dead letter "
                                    + "(stage draft, reason TIMEOUT); the job goes on.");
    public static final ConfigOption<String> MODELS_SLOT_SHARING_GROUP =
            ConfigOptions.key(P + "models.slot-sharing-group")
                    .stringType()
                    .defaultValue("models")
                    .withDescription(
                            "Slot-sharing group of the segment and draft stages, so the model stages get slots "
                                    + "of their own (a TaskManager then needs 2 x parallelism slots); \"default\" puts "
                                    + "them with the rest of the job.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key(P + "checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval; outputs become visible to read_committed consumers at each checkpoint.");
    public static final ConfigOption<Boolean> CHECKPOINT_UNALIGNED =
            ConfigOptions.key(P + "checkpoint.unaligned")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Unaligned checkpoints: under backpressure a barrier overtakes the buffered records "
                                    + "(which become part of the checkpoint) instead of waiting behind them.");
    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key(P + "parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of the job's operators.");

    /**
     * Largest record the job's Kafka clients fetch or produce: DICOM files travel on scans.dicom as
     * raw bytes. Brokers and topics must allow at least as much; {@link #MAX_INPUT_BYTES} defaults
     * to it, since a larger input could not arrive.
     */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    public static final ConfigOption<MemorySize> MAX_INPUT_BYTES =
            ConfigOptions.key(P + "ingest.max-input-bytes")
                    .memoryType()
                    .defaultValue(new MemorySize(MAX_RECORD_BYTES))
                    .withDescription(
                            "Largest input record or claim-checked payload accepted; larger ones are dead letters.");
    public static final ConfigOption<MemorySize> CLAIM_CHECK_THRESHOLD =
            ConfigOptions.key(P + "claim-check.threshold")
                    .memoryType()
                    .defaultValue(MemorySize.parse("512kb"))
                    .withDescription(
                            "Payloads above this size go to the blob store and travel as a reference.");
    public static final ConfigOption<String> BLOB_STORE =
            ConfigOptions.key(P + "claim-check.store")
                    .stringType()
                    .defaultValue("file:///tmp/medstream/blobs")
                    .withDescription(
                            "Blob store URI (file: directory; shared storage on a cluster).");
    public static final ConfigOption<String> PSEUDONYM_SECRET =
            ConfigOptions.key(P + "pseudonym.secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Site secret for the HMAC that turns Patient ID into patientKey. Required outside demos.");

    public static final ConfigOption<MemorySize> DICOM_MAX_ELEMENT =
            ConfigOptions.key(P + "dicom.max-element-length")
                    .memoryType()
                    .defaultValue(MemorySize.parse("256mb"))
                    .withDescription("Largest DICOM element value.");
    public static final ConfigOption<Integer> DICOM_MAX_FRAMES =
            ConfigOptions.key(P + "dicom.max-frames")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Largest Number of Frames.");
    public static final ConfigOption<MemorySize> DICOM_MAX_PIXEL_BYTES =
            ConfigOptions.key(P + "dicom.max-decoded-pixel-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1gb"))
                    .withDescription("Largest pixel data of all frames at Bits Allocated.");
    public static final ConfigOption<MemorySize> DICOM_MAX_FRAME_BYTES =
            ConfigOptions.key(P + "dicom.max-frame-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("128mb"))
                    .withDescription(
                            "Largest decoded frame as 32-bit floats (rows x columns x samples x 4), checked before any pixel buffer is allocated or a codestream is handed to a decoder.");
    public static final ConfigOption<Integer> DICOM_MAX_ELEMENTS =
            ConfigOptions.key(P + "dicom.max-elements")
                    .intType()
                    .defaultValue(500_000)
                    .withDescription(
                            "Most elements, sequence items and pixel fragments in one dataset (element floods).");
    public static final ConfigOption<Duration> DICOM_MAX_FRAME_DECODE_TIME =
            ConfigOptions.key(P + "dicom.max-frame-decode-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Longest a JPEG or JPEG 2000 frame may take to decode; the decoder's reads fail after it.");
    public static final ConfigOption<Integer> DICOM_MAX_INFLATE_RATIO =
            ConfigOptions.key(P + "dicom.max-inflate-ratio")
                    .intType()
                    .defaultValue(100)
                    .withDescription("Largest inflate ratio of deflated datasets (deflate bombs).");

    /** Per-stage {@code error-handling-strategy}, after the option of Flink's model functions. */
    private static ConfigOption<ErrorStrategy> errorStrategy(String stage, String what) {
        return ConfigOptions.key(P + stage + ".error-handling-strategy")
                .enumType(ErrorStrategy.class)
                .defaultValue(ErrorStrategy.DEAD_LETTER)
                .withDescription(
                        "What "
                                + what
                                + " becomes: DEAD_LETTER (one record on the DLQ topic, the stream goes on),"
                                + " FAILOVER (fail the task; Flink restarts from the last checkpoint) or IGNORE"
                                + " (dropped, counted in errorsIgnored and logged).");
    }

    public static final ConfigOption<ErrorStrategy> INGEST_ERRORS =
            errorStrategy("ingest", "a record that fails parsing or validation");
    public static final ConfigOption<ErrorStrategy> CONTROL_ERRORS =
            errorStrategy("control", "an invalid model-control command");
    public static final ConfigOption<ErrorStrategy> SEGMENT_ERRORS =
            errorStrategy("segment", "a scan that cannot be segmented, or a failed SAM-UNet swap,");
    public static final ConfigOption<ErrorStrategy> GROUP_ERRORS =
            errorStrategy(
                    "group",
                    "a slice beyond medstream.series.max-instances or medstream.series.max-state-bytes");
    public static final ConfigOption<ErrorStrategy> DRAFT_ERRORS =
            errorStrategy("draft", "a series that cannot be drafted, or a failed drafter swap,");
}
