package io.medstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made by a test with the JDK's {@code keytool}: a self-signed key pair for
 * 127.0.0.1/localhost (valid two days) in a PKCS12 keystore, and a truststore holding its
 * certificate. Nothing is shipped or reused between runs.
 */
public final class TestTls {
    private TestTls() {}

    /** The stores and their (shared) password. */
    public record Stores(Path keystore, Path truststore, String password) {}

    public static Stores create(Path dir, String password) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker-ca",
                "-file",
                cert.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        return new Stores(keystore, truststore, password);
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
