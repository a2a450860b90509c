package io.medstream.models.samunet.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SamUnetPredictor#load} error messages for TorchScript files (no Python needed). */
class TorchScriptLoadTest {

    @Test
    void missingFilesAreNamedInTheError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> SamUnetPredictor.load(SamUnetPredictor.Options.torchScript(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("encoder.pt")
                .hasMessageContaining("decoder.pt");
        Files.writeString(dir.resolve("encoder.pt"), "not a TorchScript archive");
        assertThatThrownBy(() -> SamUnetPredictor.load(SamUnetPredictor.Options.torchScript(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("decoder.pt")
                .hasMessageNotContaining("encoder.pt");
        assertThatThrownBy(
                        () ->
                                SamUnetPredictor.load(
                                        SamUnetPredictor.Options.torchScript(
                                                dir.resolve("encoder.txt"),
                                                dir.resolve("encoder.pt"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.txt");
    }

    @Test
    void aCorruptFileIsAnIoExceptionNamingIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("encoder.pt"), "not a TorchScript archive");
        Files.writeString(dir.resolve("decoder.pt"), "not a TorchScript archive");
        assertThatThrownBy(() -> SamUnetPredictor.load(SamUnetPredictor.Options.torchScript(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.pt");
    }
}
