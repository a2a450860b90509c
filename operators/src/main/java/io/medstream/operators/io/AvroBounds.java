package io.medstream.operators.io;

import org.apache.avro.Schema;

import java.io.IOException;

/**
 * Walks a binary Avro body against its schema, allocating nothing, before Avro decodes it. Avro's
 * decoder allocates what a length prefix declares before it knows the bytes exist (a 25-byte record
 * declaring a 1 GiB string allocates 1 GiB), and reports a bad union or enum index as an unchecked
 * exception. Here every string and bytes length must fit in the bytes that remain, every union and
 * enum index must name a branch or symbol, every collection's item count must fit the remaining
 * bytes (or {@link #MAX_ZERO_BYTE_ITEMS} for items that take no bytes), and nesting is bounded: a
 * body that passes decodes without allocating more than a small multiple of its own size.
 */
final class AvroBounds {

    /** Most items of collections whose items encode to zero bytes (arrays of null). */
    static final long MAX_ZERO_BYTE_ITEMS = 1 << 20;

    /** Deepest nesting of records, collections and unions (recursive schemas). */
    static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int limit;
    private int pos;
    private long zeroByteItems;

    private AvroBounds(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.pos = offset;
        this.limit = bytes.length;
    }

    /**
     * Checks the body at {@code bytes[offset..]} against {@code schema}.
     *
     * @throws IOException naming the first value that cannot be what the schema says
     */
    static void check(Schema schema, byte[] bytes, int offset) throws IOException {
        AvroBounds b = new AvroBounds(bytes, offset);
        b.walk(schema, 0);
        if (b.pos != b.limit) {
            throw new IOException(
                    (b.limit - b.pos) + " bytes follow the end of the " + schema.getName());
        }
    }

    private void walk(Schema s, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("values nest deeper than " + MAX_DEPTH);
        }
        switch (s.getType()) {
            case NULL -> {}
            case BOOLEAN -> {
                int v = next(1);
                if (bytes[v] != 0 && bytes[v] != 1) {
                    throw new IOException("boolean byte " + bytes[v] + " at " + v);
                }
            }
            case INT -> varint(5);
            case LONG -> varint(10);
            case FLOAT -> next(4);
            case DOUBLE -> next(8);
            case STRING, BYTES -> next(length(s.getType().getName()));
            case FIXED -> next(s.getFixedSize());
            case ENUM -> index(s.getEnumSymbols().size(), "enum " + s.getName());
            case UNION -> walk(s.getTypes().get(index(s.getTypes().size(), "union")), depth + 1);
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    walk(f.schema(), depth + 1);
                }
            }
            case ARRAY -> items(s.getElementType(), null, depth);
            case MAP -> items(s.getValueType(), Schema.create(Schema.Type.STRING), depth);
        }
    }

    /** Collection blocks: a count (negative: followed by the block's byte size), then items. */
    private void items(Schema item, Schema key, int depth) throws IOException {
        boolean zeroBytes = key == null && isZeroBytes(item);
        while (true) {
            long count = zigzag(varint(10));
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                if (zigzag(varint(10)) < 0) {
                    throw new IOException("negative collection block size at " + pos);
                }
            }
            if (zeroBytes) {
                zeroByteItems += count;
                if (zeroByteItems > MAX_ZERO_BYTE_ITEMS) {
                    throw new IOException(
                            "more than " + MAX_ZERO_BYTE_ITEMS + " zero-byte collection items");
                }
            } else if (count > limit - pos) { // each item takes at least one byte
                throw new IOException(
                        "collection declares "
                                + count
                                + " items with "
                                + (limit - pos)
                                + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    walk(key, depth + 1);
                }
                walk(item, depth + 1);
            }
        }
    }

    private static boolean isZeroBytes(Schema s) {
        return s.getType() == Schema.Type.NULL
                || (s.getType() == Schema.Type.RECORD && s.getFields().isEmpty());
    }

    private int index(int size, String what) throws IOException {
        long i = zigzag(varint(5));
        if (i < 0 || i >= size) {
            throw new IOException(what + " index " + i + " is not in [0, " + size + ")");
        }
        return (int) i;
    }

    private int length(String what) throws IOException {
        long n = zigzag(varint(10));
        if (n < 0 || n > limit - pos) {
            throw new IOException(
                    what + " declares " + n + " bytes with " + (limit - pos) + " bytes left");
        }
        return (int) n;
    }

    /** Reads a base-128 varint of at most {@code maxBytes} bytes; returns its raw value. */
    private long varint(int maxBytes) throws IOException {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = bytes[next(1)] & 0xFF;
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than " + maxBytes + " bytes at " + pos);
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Takes {@code n} bytes; returns where they start. */
    private int next(int n) throws IOException {
        if (n > limit - pos) {
            throw new IOException("truncated: needs " + n + " bytes at " + pos);
        }
        int at = pos;
        pos += n;
        return at;
    }
}
