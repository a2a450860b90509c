package io.medstream.models.lifecycle;

import java.io.Serializable;
import java.util.Objects;

/**
 * Identity of one model version: what every output is stamped with, and all that a checkpoint stores (never the
 * weights). {@code uri} says where the weights are; {@code sha256} is the expected checksum of that file.
 */
public record ModelVersion(String name, String version, String uri, String sha256) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public String toString() {
        return name + "@" + version + " (sha256 " + (sha256.length() > 12 ? sha256.substring(0, 12) : sha256) + ")";
    }
}
