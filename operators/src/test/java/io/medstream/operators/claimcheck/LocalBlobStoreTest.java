package io.medstream.operators.claimcheck;

import io.medstream.schemas.ClaimCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalBlobStoreTest {

    @TempDir Path dir;

    @Test
    void putIsContentAddressedAndIdempotent() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        ClaimCheck first = store.put(abc, "application/dicom");
        ClaimCheck second = store.put(abc, "application/dicom");
        // FIPS 180-2 test vector for "abc"
        assertThat(first.getSha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(first).isEqualTo(second);
        assertThat(first.getSizeBytes()).isEqualTo(3);
        assertThat(store.get(first, 10)).isEqualTo(abc);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void getRejectsTamperedMissingAndOversizedBlobs() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        ClaimCheck ref = store.put(new byte[] {1, 2, 3, 4}, "application/dicom");
        assertThatThrownBy(() -> store.get(ref, 3))
                .isInstanceOf(ClaimCheckException.class)
                .hasMessageContaining("limit");

        Files.write(Path.of(URI.create(ref.getUri())), new byte[] {1, 2, 3, 5});
        assertThatThrownBy(() -> store.get(ref, 100))
                .isInstanceOf(ClaimCheckException.class)
                .hasMessageContaining("sha256");

        Files.write(Path.of(URI.create(ref.getUri())), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> store.get(ref, 100))
                .isInstanceOf(ClaimCheckException.class)
                .hasMessageContaining("size");

        Files.delete(Path.of(URI.create(ref.getUri())));
        assertThatThrownBy(() -> store.get(ref, 100))
                .isInstanceOf(ClaimCheckException.class)
                .hasMessageContaining("not found");

        ClaimCheck s3 = ClaimCheck.newBuilder(ref).setUri("s3://bucket/key").build();
        assertThatThrownBy(() -> store.get(s3, 100))
                .isInstanceOf(ClaimCheckException.class)
                .hasMessageContaining("scheme");
    }
}
