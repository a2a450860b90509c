package io.medstream.operators.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Turns a Patient ID into a stable pseudonym: HMAC-SHA256 keyed with the site secret, hex. The same
 * patient maps to the same key across studies (so downstream joins work), and without the secret
 * the ID cannot be recovered by hashing guesses. Not thread-safe (one per subtask).
 */
public final class PatientPseudonymizer {
    private final Mac mac;

    public PatientPseudonymizer(String secret) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Pseudonym of a Patient ID; a missing or blank ID maps to the fixed key of the empty string.
     */
    public String pseudonym(String patientId) {
        String id = patientId == null ? "" : patientId.trim();
        return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
