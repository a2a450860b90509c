package io.medstream.operators.io;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** Single-object header: magic {@code C3 01}, then the 8-byte little-endian fingerprint. */
    private static final int HEADER_BYTES = 10;

    private static final Map<Schema, Long> FINGERPRINTS = new ConcurrentHashMap<>();

    /** True when {@code bytes} start with the single-object header of {@code schema}. */
    private static boolean hasHeaderOf(Schema schema, byte[] bytes) {
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
            return false; // the decoder reports the bad magic
        }
        long fingerprint =
                FINGERPRINTS.computeIfAbsent(schema, SchemaNormalization::parsingFingerprint64);
        long declared = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return declared == fingerprint; // another fingerprint: the decoder reports it missing
    }

    /**
     * Decodes single-object encoded bytes into a generated class. The body is first walked against
     * the schema ({@link AvroBounds}), so no declared length allocates more than the record holds.
     *
     * @throws IOException for a wrong magic, an unknown writer fingerprint ({@code
     *     MissingSchemaException}) or a truncated/corrupt body, and nothing else
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
        Schema schema = SpecificData.get().getSchema(type);
        if (hasHeaderOf(schema, bytes)) {
            // lengths, counts and indexes are checked before Avro allocates from them
            AvroBounds.check(schema, bytes, HEADER_BYTES);
        }
        try {
            return decoder.decode(bytes);
        } catch (AvroRuntimeException e) {
            // Avro reports corrupt bodies (bad union index, negative length) as runtime exceptions.
            throw new IOException(e.getMessage(), e);
        } catch (RuntimeException e) { // e.g. IndexOutOfBounds from a body AvroBounds let pass
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
