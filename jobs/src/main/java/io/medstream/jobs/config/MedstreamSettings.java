package io.medstream.jobs.config;

import org.apache.flink.configuration.ReadableConfig;

import io.medstream.operators.deadletter.ErrorStrategies;
import io.medstream.operators.ingest.IngestSettings;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import static io.medstream.jobs.config.MedstreamOptions.*;

/**
 * The job's configuration, read once from {@link MedstreamOptions} and validated. Immutable and
 * serializable: it is the only configuration object that reaches operators.
 */
public record MedstreamSettings(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        boolean bounded,
        boolean fromEarliest,
        String readyTopic,
        String dlqTopic,
        Duration checkpointInterval,
        boolean unalignedCheckpoints,
        int parallelism,
        IngestSettings ingest,
        PipelineSettings pipeline,
        ErrorStrategies errors,
        KafkaSecurity kafkaSecurity)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Broker default of transaction.max.timeout.ms; a larger producer timeout is refused at the
     * first commit.
     */
    static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public MedstreamSettings {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        if (parallelism < 1) {
            throw new IllegalArgumentException(PARALLELISM.key() + " must be >= 1");
        }
        // A transaction stays open from one checkpoint to the next, plus the restart after a
        // failure: the producer
        // timeout must cover both, or the broker aborts the transaction and committed output is
        // lost.
        Duration minimum = checkpointInterval.multipliedBy(2).plus(Duration.ofMinutes(1));
        if (transactionTimeout.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(
                    TRANSACTION_TIMEOUT.key()
                            + " = "
                            + transactionTimeout
                            + " is too short: it must be at least 2 x "
                            + CHECKPOINT_INTERVAL.key()
                            + " + 1 min = "
                            + minimum);
        }
        if (transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    TRANSACTION_TIMEOUT.key()
                            + " = "
                            + transactionTimeout
                            + " exceeds the broker default transaction.max.timeout.ms (15 min); raise that on the broker first");
        }
    }

    public static MedstreamSettings fromConfiguration(ReadableConfig conf) {
        Optional<String> secret = conf.getOptional(PSEUDONYM_SECRET);
        IngestSettings ingest =
                new IngestSettings(
                        conf.get(TOPIC_DICOM),
                        conf.get(TOPIC_EVENTS),
                        conf.get(MAX_INPUT_BYTES).getBytes(),
                        conf.get(CLAIM_CHECK_THRESHOLD).getBytes(),
                        conf.get(BLOB_STORE),
                        secret.orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                PSEUDONYM_SECRET.key()
                                                        + " is required: the HMAC key that pseudonymises Patient IDs")),
                        conf.get(DICOM_MAX_ELEMENT).getBytes(),
                        conf.get(DICOM_MAX_FRAMES),
                        conf.get(DICOM_MAX_PIXEL_BYTES).getBytes(),
                        conf.get(DICOM_MAX_INFLATE_RATIO),
                        conf.get(DICOM_MAX_FRAME_BYTES).getBytes(),
                        conf.get(DICOM_MAX_ELEMENTS),
                        conf.get(DICOM_MAX_FRAME_DECODE_TIME).toMillis());
        return new MedstreamSettings(
                conf.get(BOOTSTRAP_SERVERS),
                conf.get(GROUP_ID),
                conf.get(TRANSACTIONAL_ID_PREFIX),
                conf.get(TRANSACTION_TIMEOUT),
                conf.get(BOUNDED),
                conf.get(FROM_EARLIEST),
                conf.get(TOPIC_READY),
                conf.get(TOPIC_DLQ),
                conf.get(CHECKPOINT_INTERVAL),
                conf.get(CHECKPOINT_UNALIGNED),
                conf.get(PARALLELISM),
                ingest,
                PipelineSettings.fromConfiguration(conf),
                new ErrorStrategies(
                        conf.get(INGEST_ERRORS),
                        conf.get(CONTROL_ERRORS),
                        conf.get(SEGMENT_ERRORS),
                        conf.get(GROUP_ERRORS),
                        conf.get(DRAFT_ERRORS)),
                new KafkaSecurity(
                        conf.get(KAFKA_SECURITY_PROTOCOL),
                        conf.get(KAFKA_SASL_MECHANISM),
                        conf.get(KAFKA_SASL_USERNAME),
                        conf.get(KAFKA_SASL_PASSWORD),
                        conf.get(KAFKA_TRUSTSTORE_LOCATION),
                        conf.get(KAFKA_TRUSTSTORE_PASSWORD),
                        conf.get(KAFKA_TRUSTSTORE_TYPE)));
    }

    /**
     * The record's own toString would print the SCRAM password inside {@link #kafkaSecurity}'s
     * components; it is overridden there, and this names only what an operator needs.
     */
    @Override
    public String toString() {
        return "MedstreamSettings[bootstrap="
                + bootstrapServers
                + ", parallelism="
                + parallelism
                + ", "
                + kafkaSecurity
                + "]";
    }
}
