package io.medstream.models.samunet.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minimal NumPy {@code .npy} v1.0 writer for little-endian float32 arrays: magic {@code \x93NUMPY},
 * version 1.0, a 2-byte header length, the header dict {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (...), }} padded with spaces and a final newline so that the data starts at a
 * multiple of 64 bytes, then the C-order data.
 */
public final class NpyWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyWriter() {}

    /** The header string (without magic/version/length) for a shape. */
    static String header(long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dims.append(i < shape.length - 1 ? ", " : ",");
            }
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int preamble = MAGIC.length + 2 + 2;
        int total = preamble + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        return dict + " ".repeat(pad) + "\n";
    }

    /** Encodes a float32 array of the given shape. */
    public static byte[] encode(float[] data, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape holds " + n + " values, data has " + data.length);
        }
        byte[] header = header(shape).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length + 4 * data.length);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write((header.length >>> 8) & 0xff);
        out.writeBytes(header);
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        out.writeBytes(buf.array());
        return out.toByteArray();
    }

    public static void write(Path file, float[] data, long... shape) throws IOException {
        Files.write(file, encode(data, shape));
    }
}
