package io.medstream.operators.io;

import org.apache.flink.api.common.functions.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Writes a generated Avro record to one topic in single-object encoding, keyed by a field of the
 * record (e.g. the series UID, so that all instances of a series stay in order on one partition).
 */
public class AvroKafkaSerializer<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Serializable key extractor; may return null for an unkeyed record. */
    @FunctionalInterface
    public interface KeyFn<T> extends Function {
        byte[] key(T record);
    }

    private final String topic;
    private final KeyFn<T> keyFn;

    public AvroKafkaSerializer(String topic, KeyFn<T> keyFn) {
        this.topic = topic;
        this.keyFn = keyFn;
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic, null, timestamp, keyFn.key(element), AvroRecords.encode(element));
    }
}
