package io.medstream.jobs.pipeline;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import io.medstream.jobs.config.MedstreamOptions;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.operators.fhir.FhirReportSerializer;
import io.medstream.operators.io.AvroKafkaSerializer;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.operators.io.RawRecordDeserializer;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and exactly-once sinks of the medstream job, built from the settings. */
public final class KafkaIo {
    private KafkaIo() {}

    /**
     * One source over both input topics; records stay raw so parsing errors become dead letters.
     */
    public static KafkaSource<RawRecord> scanSource(MedstreamSettings s) {
        KafkaSourceBuilder<RawRecord> b =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(s.bootstrapServers())
                        .setTopics(s.ingest().dicomTopic(), s.ingest().eventsTopic())
                        .setGroupId(s.groupId())
                        .setDeserializer(new RawRecordDeserializer())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(
                                        s.fromEarliest()
                                                ? OffsetResetStrategy.EARLIEST
                                                : OffsetResetStrategy.LATEST))
                        // Only committed upstream transactions: a producer that aborts must not
                        // leak scans.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty(
                                "max.partition.fetch.bytes",
                                Integer.toString(MedstreamOptions.MAX_RECORD_BYTES));
        s.kafkaSecurity().clientProperties().forEach(b::setProperty);
        if (s.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /**
     * The control topic from its beginning: on a fresh start the commands replay in order and the
     * last one per model kind wins; after a restore the broadcast state already holds the active
     * versions.
     */
    public static KafkaSource<RawRecord> controlSource(MedstreamSettings s) {
        KafkaSourceBuilder<RawRecord> b =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(s.bootstrapServers())
                        .setTopics(s.pipeline().controlTopic())
                        .setGroupId(s.groupId() + "-control")
                        .setDeserializer(new RawRecordDeserializer())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setProperty("isolation.level", "read_committed");
        s.kafkaSecurity().clientProperties().forEach(b::setProperty);
        if (s.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    public static KafkaSink<SegmentationResult> masksSink(MedstreamSettings s) {
        return exactlyOnce(
                s,
                "masks",
                new AvroKafkaSerializer<SegmentationResult>(
                        s.pipeline().masksTopic(),
                        r -> AvroKafkaSerializer.utf8(r.getSeriesInstanceUid())));
    }

    /** The Kafka side of {@link ModelPipeline}. */
    public static ModelPipeline.Io modelIo(MedstreamSettings s) {
        return new ModelPipeline.Io() {
            @Override
            public Source<RawRecord, ?, ?> controlSource() {
                return KafkaIo.controlSource(s);
            }

            @Override
            public Sink<SegmentationResult> masksSink() {
                return KafkaIo.masksSink(s);
            }

            @Override
            public Sink<StudyReport> reportsSink() {
                return exactlyOnce(
                        s,
                        "reports",
                        new AvroKafkaSerializer<StudyReport>(
                                s.pipeline().reportsTopic(),
                                r -> AvroKafkaSerializer.utf8(r.getSeriesInstanceUid())));
            }

            @Override
            public Sink<StudyReport> fhirSink() {
                return exactlyOnce(s, "fhir", new FhirReportSerializer(s.pipeline().fhirTopic()));
            }

            @Override
            public Sink<PreferencePair> preferencesSink() {
                return exactlyOnce(
                        s,
                        "preferences",
                        new AvroKafkaSerializer<PreferencePair>(
                                s.pipeline().preferencesTopic(),
                                x -> AvroKafkaSerializer.utf8(x.getSeriesInstanceUid())));
            }
        };
    }

    public static KafkaSink<ScanEvent> readySink(MedstreamSettings s) {
        return exactlyOnce(
                s,
                "ready",
                new AvroKafkaSerializer<ScanEvent>(
                        s.readyTopic(), e -> AvroKafkaSerializer.utf8(e.getSeriesInstanceUid())));
    }

    public static KafkaSink<DeadLetter> deadLetterSink(MedstreamSettings s) {
        return exactlyOnce(
                s,
                "dlq",
                new AvroKafkaSerializer<DeadLetter>(
                        s.dlqTopic(),
                        d ->
                                d.getOriginalKey() == null
                                        ? null
                                        : AvroRecords.bytes(d.getOriginalKey())));
    }

    private static <T> KafkaSink<T> exactlyOnce(
            MedstreamSettings s, String name, KafkaRecordSerializationSchema<T> serializer) {
        KafkaSinkBuilder<T> b = KafkaSink.<T>builder();
        // credentials and TLS first, so no sink setting below can be overridden by them
        s.kafkaSecurity().clientProperties().forEach(b::setProperty);
        return b.setBootstrapServers(s.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // Unique per sink and application: two sinks sharing a prefix would fence each
                // other.
                .setTransactionalIdPrefix(s.transactionalIdPrefix() + "-" + name)
                .setProperty(
                        "transaction.timeout.ms", Long.toString(s.transactionTimeout().toMillis()))
                // Transactions imply it; stated so that no client default can weaken it: a record
                // counts as written only once every in-sync replica has it (min.insync.replicas
                // of the topic), so losing one broker loses nothing acknowledged.
                .setProperty("acks", "all")
                .setProperty(
                        "max.request.size", Integer.toString(MedstreamOptions.MAX_RECORD_BYTES))
                // scans are ~100 KiB-1 MiB: batch several per request, wait at most 5 ms for a
                // batch to fill
                .setProperty("batch.size", Integer.toString(1 << 20))
                .setProperty("linger.ms", "5")
                .build();
    }
}
