package io.medstream.operators.claimcheck;

import io.medstream.models.common.Sha256;
import io.medstream.schemas.ClaimCheck;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Blob store on a local or shared file system, laid out by content hash: {@code root/ab/abcdef…}. A
 * write goes to a temporary file that is then moved into place atomically, so a reader never sees
 * half a blob and a replayed write is a no-op.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path root;

    public LocalBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    @Override
    public ClaimCheck put(byte[] bytes, String mediaType) throws IOException {
        String sha = Sha256.hex(bytes);
        Path target = pathOf(sha);
        if (!Files.exists(target) || Files.size(target) != bytes.length) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha, ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(
                            tmp,
                            target,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (FileAlreadyExistsException e) {
                // another subtask wrote the same content first: fine, content-addressed
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return ClaimCheck.newBuilder()
                .setUri(target.toUri().toString())
                .setSha256(sha)
                .setSizeBytes(bytes.length)
                .setMediaType(mediaType)
                .build();
    }

    @Override
    public byte[] get(ClaimCheck ref, long maxBytes) throws IOException {
        URI uri = URI.create(ref.getUri());
        if (!"file".equals(uri.getScheme())) {
            throw new ClaimCheckException(
                    "unsupported claim-check scheme '"
                            + uri.getScheme()
                            + "' (this store reads file: URIs)");
        }
        if (ref.getSizeBytes() < 0 || ref.getSizeBytes() > maxBytes) {
            throw new ClaimCheckException(
                    "claim-check size "
                            + ref.getSizeBytes()
                            + " exceeds the limit of "
                            + maxBytes
                            + " bytes");
        }
        Path path = Path.of(uri);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // Read at most one byte more than announced, so a larger file cannot exhaust memory.
            bytes = in.readNBytes((int) ref.getSizeBytes() + 1);
        } catch (NoSuchFileException e) {
            throw new ClaimCheckException("claim-check blob not found: " + ref.getUri());
        }
        if (bytes.length != ref.getSizeBytes()) {
            throw new ClaimCheckException(
                    "claim-check size mismatch: announced "
                            + ref.getSizeBytes()
                            + " bytes, blob has "
                            + (bytes.length > ref.getSizeBytes() ? "more" : bytes.length));
        }
        String sha = Sha256.hex(bytes);
        if (!sha.equalsIgnoreCase(ref.getSha256())) {
            throw new ClaimCheckException(
                    "claim-check sha256 mismatch: announced "
                            + ref.getSha256()
                            + ", blob has "
                            + sha);
        }
        return bytes;
    }

    private Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha);
    }
}
