package io.medstream.operators.io;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wire format of medstream's Avro topics: Avro single-object encoding (magic {@code C3 01}, the
 * 8-byte CRC-64-AVRO fingerprint of the writer schema, then the binary record). Without a schema
 * registry the fingerprint is what lets a consumer reject a record written with a schema it does
 * not know, instead of silently mis-decoding it.
 */
public final class AvroRecords {
    private static final Map<Schema, BinaryMessageEncoder<SpecificRecordBase>> ENCODERS =
            new ConcurrentHashMap<>();
    private static final Map<Class<?>, BinaryMessageDecoder<?>> DECODERS =
            new ConcurrentHashMap<>();

    private AvroRecords() {}

    public static byte[] encode(SpecificRecordBase record) {
        BinaryMessageEncoder<SpecificRecordBase> encoder =
                ENCODERS.computeIfAbsent(
                        record.getSchema(),
                        s -> new BinaryMessageEncoder<>(SpecificData.getForSchema(s), s));
        try {
            return bytes(encoder.encode(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        }
    }

    /**
     * The content of an Avro {@code bytes} value, copied; the buffer's position is left as it was.
     */
    public static byte[] bytes(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Decodes single-object encoded bytes into a generated class.
     *
     * @throws IOException for a wrong magic, an unknown writer fingerprint ({@code
     *     MissingSchemaException}) or a truncated/corrupt body
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> T decode(Class<T> type, byte[] bytes)
            throws IOException {
        BinaryMessageDecoder<T> decoder =
                (BinaryMessageDecoder<T>)
                        DECODERS.computeIfAbsent(
                                type,
                                t -> {
                                    Schema schema = SpecificData.get().getSchema(t);
                                    return new BinaryMessageDecoder<T>(
                                            SpecificData.getForClass(type), schema);
                                });
        try {
            return decoder.decode(bytes);
        } catch (AvroRuntimeException e) {
            // Avro reports corrupt bodies (bad union index, negative length) as runtime exceptions.
            throw new IOException(e.getMessage(), e);
        }
    }
}
