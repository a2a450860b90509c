package io.medstream.operators.io;

import java.util.Arrays;

/**
 * A Kafka record exactly as it arrived, before any parsing. Parsing happens in a ProcessFunction
 * (not in the deserializer) so that a poison pill becomes a dead letter instead of failing the
 * source.
 *
 * <p>A Flink POJO: public no-arg constructor and public fields of types Flink serialises natively
 * (no Kryo). Headers are kept as two parallel arrays because Kafka allows repeated header keys.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;
    public String[] headerKeys = new String[0];
    public byte[][] headerValues = new byte[0][];

    public RawRecord() {}

    public RawRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Where the record came from, e.g. {@code scans.dicom/0@42}; carries no patient data. */
    public String source() {
        return topic + "/" + partition + "@" + offset;
    }

    public int valueSize() {
        return value == null ? 0 : value.length;
    }

    @Override
    public String toString() {
        // Never print the value or key: they may contain patient data.
        return "RawRecord{"
                + source()
                + ", "
                + valueSize()
                + " bytes, headers="
                + Arrays.toString(headerKeys)
                + "}";
    }
}
