package io.medstream.models.lifecycle;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Identity of one model version: what every output is stamped with, and all that a checkpoint
 * stores (never the weights). {@code uri} says where the weights are; {@code sha256} is the
 * expected checksum of that file.
 */
public record ModelVersion(String name, String version, String uri, String sha256)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The weight file on this machine: {@code uri} is a {@code file:} URI or a plain path. */
    public Path localPath() {
        return pathOf(uri);
    }

    static Path pathOf(String uri) {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    @Override
    public String toString() {
        return name
                + "@"
                + version
                + " (sha256 "
                + (sha256.length() > 12 ? sha256.substring(0, 12) : sha256)
                + ")";
    }
}
