package io.medstream.operators.claimcheck;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Opens a blob store from its configured URI. Today {@code file:} (local or shared mount); object
 * storage plugs in here.
 */
public final class BlobStores {
    private BlobStores() {}

    public static BlobStore open(String uri) throws IOException {
        URI u = URI.create(uri);
        if (u.getScheme() == null) {
            return new LocalBlobStore(Path.of(uri));
        }
        if ("file".equals(u.getScheme())) {
            return new LocalBlobStore(Path.of(u));
        }
        throw new IllegalArgumentException(
                "unsupported blob store '"
                        + uri
                        + "': use a file: URI or a directory path (object storage is not built into this release)");
    }
}
