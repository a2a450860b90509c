package io.medstream.models.samunet.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TorchScriptSegmenter#load} error messages (no Python needed). */
class TorchScriptSegmenterLoadTest {

    @Test
    void missingFilesAreNamedInTheError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> TorchScriptSegmenter.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("encoder.pt")
                .hasMessageContaining("decoder.pt");
        Files.writeString(dir.resolve("encoder.pt"), "not a TorchScript archive");
        assertThatThrownBy(() -> TorchScriptSegmenter.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("decoder.pt")
                .hasMessageNotContaining("encoder.pt");
        assertThatThrownBy(
                        () ->
                                TorchScriptSegmenter.load(
                                        dir.resolve("encoder.txt"), dir.resolve("encoder.pt")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.txt");
    }

    @Test
    void aCorruptFileIsAnIoExceptionNamingIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("encoder.pt"), "not a TorchScript archive");
        Files.writeString(dir.resolve("decoder.pt"), "not a TorchScript archive");
        assertThatThrownBy(() -> TorchScriptSegmenter.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.pt");
    }
}
