package io.medstream.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the committed fixtures written by {@code tools/preprocess_golden.py} (classpath
 * /preprocess/).
 */
final class GoldenFixtures {

    private GoldenFixtures() {}

    static JsonNode manifest() {
        try {
            return new ObjectMapper().readTree(bytes("cases.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = GoldenFixtures.class.getResourceAsStream("/preprocess/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing fixture /preprocess/"
                                + name
                                + " (regenerate with /usr/bin/python3 tools/preprocess_golden.py)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** uint8 file → int levels 0..255. */
    static int[] u8(String name) {
        byte[] b = bytes(name);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    /** little-endian float32 file. */
    static float[] f32(String name) {
        ByteBuffer bb = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(out);
        return out;
    }
}
