package io.medstream.jobs.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How every Kafka client of the job authenticates: {@code security.protocol} and, for SASL, a SCRAM
 * user; for TLS, the truststore that holds the brokers' CA. Read from {@code medstream.kafka.*}
 * (the password keys contain "password", which Flink masks when it logs a configuration); {@link
 * #toString()} never shows a password.
 *
 * @param protocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism SCRAM-SHA-512 or SCRAM-SHA-256 (SASL protocols only)
 * @param username SCRAM user, or null without SASL
 * @param password SCRAM password, or null without SASL
 * @param truststoreLocation truststore file, or null for the JVM's default CAs
 * @param truststorePassword truststore password, or null
 * @param truststoreType PKCS12 or JKS
 */
public record KafkaSecurity(
        String protocol,
        String saslMechanism,
        String username,
        String password,
        String truststoreLocation,
        String truststorePassword,
        String truststoreType)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Set<String> PROTOCOLS =
            Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");

    public static final KafkaSecurity PLAINTEXT =
            new KafkaSecurity("PLAINTEXT", "SCRAM-SHA-512", null, null, null, null, "PKCS12");

    public KafkaSecurity {
        Objects.requireNonNull(protocol, "protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(
                    "medstream.kafka.security.protocol must be one of "
                            + PROTOCOLS
                            + ", got "
                            + protocol);
        }
        if (sasl(protocol)) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException(
                        "medstream.kafka.sasl.mechanism must be one of "
                                + MECHANISMS
                                + ", got "
                                + saslMechanism);
            }
            if (blank(username) || blank(password)) {
                throw new IllegalArgumentException(
                        protocol
                                + " needs medstream.kafka.sasl.username and"
                                + " medstream.kafka.sasl.password");
            }
        }
    }

    private static boolean sasl(String protocol) {
        return protocol.startsWith("SASL_");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The Kafka client properties for these settings (empty for PLAINTEXT). */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (protocol.equals("PLAINTEXT")) {
            return p;
        }
        p.put("security.protocol", protocol);
        if (sasl(protocol)) {
            p.put("sasl.mechanism", saslMechanism);
            p.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + jaasEscape(username)
                            + "\" password=\""
                            + jaasEscape(password)
                            + "\";");
        }
        if (protocol.endsWith("SSL") && !blank(truststoreLocation)) {
            p.put("ssl.truststore.location", truststoreLocation);
            p.put("ssl.truststore.type", truststoreType);
            if (!blank(truststorePassword)) {
                p.put("ssl.truststore.password", truststorePassword);
            }
        }
        return p;
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol="
                + protocol
                + (sasl(protocol) ? ", mechanism=" + saslMechanism + ", user=" + username : "")
                + (truststoreLocation == null ? "" : ", truststore=" + truststoreLocation)
                + ", passwords hidden]";
    }
}
