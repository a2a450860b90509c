package io.medstream.models.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex SHA-256: the checksum of every claim check, model weight file and image reference.
 * Streams are digested in chunks, so weight files of any size never sit in memory whole.
 */
public final class Sha256 {
    private Sha256() {}

    public static String hex(byte[] bytes) {
        MessageDigest md = digest();
        return HexFormat.of().formatHex(md.digest(bytes));
    }

    /** Reads {@code in} to its end. */
    public static String hex(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(in);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
