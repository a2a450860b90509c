package io.medstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argument checks that must fail before anything is sent (no broker is reachable at the given
 * address).
 */
class SwapCommandTest {

    @TempDir Path dir;

    @Test
    void refusesAMissingWeightFile() {
        int rc =
                MedstreamCli.newCommandLine()
                        .execute(
                                "swap",
                                "--bootstrap",
                                "127.0.0.1:1",
                                "--kind",
                                "SEGMENTATION",
                                "--model-name",
                                "samunet-tiny",
                                "--model-version",
                                "v2",
                                "--weights",
                                dir.resolve("absent.safetensors").toString());
        assertThat(rc).isEqualTo(2);
    }

    @Test
    void refusesToSwapTheScorer() throws Exception {
        Path w = Files.writeString(dir.resolve("weights.params"), "x");
        int rc =
                MedstreamCli.newCommandLine()
                        .execute(
                                "swap",
                                "--bootstrap",
                                "127.0.0.1:1",
                                "--kind",
                                "scorer",
                                "--model-name",
                                "report-scorer",
                                "--model-version",
                                "v2",
                                "--weights",
                                w.toString());
        assertThat(rc).isEqualTo(2);
    }

    @Test
    void requiresTheModelIdentity() {
        int rc =
                MedstreamCli.newCommandLine()
                        .execute("swap", "--bootstrap", "127.0.0.1:1", "--kind", "DRAFTER");
        assertThat(rc).isEqualTo(2); // picocli: missing required options
    }
}
