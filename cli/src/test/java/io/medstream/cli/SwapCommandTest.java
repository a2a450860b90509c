package io.medstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argument checks that must fail before anything is sent (no broker is reachable at the given
 * address). The exit code alone cannot tell our checks from picocli's usage errors (both are 2), so
 * every test also reads stderr: which option is at fault and why, and that nothing was announced.
 */
class SwapCommandTest {

    @TempDir Path dir;

    /** Exit code, stdout and stderr of one CLI run. */
    record Run(int rc, String out, String err) {}

    /**
     * Runs the CLI with System.out/err and picocli's writers captured (the command prints its own
     * checks on System.err, picocli its usage errors on the command line's writer).
     */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        System.setErr(e);
        int rc;
        try {
            rc =
                    MedstreamCli.newCommandLine()
                            .setOut(new PrintWriter(o, true))
                            .setErr(new PrintWriter(e, true))
                            .execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(
                rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] swap(String kind, String name, Path weights) {
        return new String[] {
            "swap",
            "--bootstrap",
            "127.0.0.1:1",
            "--kind",
            kind,
            "--model-name",
            name,
            "--model-version",
            "v2",
            "--weights",
            weights.toString()
        };
    }

    @Test
    void refusesAMissingWeightFile() {
        Path absent = dir.resolve("absent.safetensors");
        Run r = run(swap("SEGMENTATION", "samunet-tiny", absent));

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--weights: no such weight file: " + absent);
        assertThat(r.err()).doesNotContain("Usage:"); // our check, not a picocli usage error
        assertThat(r.out()).doesNotContain("announced");
    }

    @Test
    void refusesADirectoryAsWeightFile() {
        Run r = run(swap("DRAFTER", "report-drafter", dir));

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--weights: no such weight file: " + dir);
        assertThat(r.out()).doesNotContain("announced");
    }

    @Test
    void refusesToSwapTheScorer() throws Exception {
        Path w = Files.writeString(dir.resolve("weights.params"), "x");
        // lower case on purpose: enum values are case-insensitive, so this reaches our check
        Run r = run(swap("scorer", "report-scorer", w));

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "--kind SCORER: swapping the scorer is not supported: every drafter"
                                + " calibration depends on it");
        assertThat(r.err()).doesNotContain("Usage:");
        assertThat(r.out()).doesNotContain("announced");
    }

    @Test
    void requiresTheModelIdentity() {
        Run r = run("swap", "--bootstrap", "127.0.0.1:1", "--kind", "DRAFTER");

        assertThat(r.rc()).isEqualTo(2);
        // picocli names every missing required option, then prints the usage
        assertThat(r.err())
                .startsWith("Missing required options: ")
                .contains("'--model-name=<name>'")
                .contains("'--model-version=<version>'")
                .contains("'--weights=<weights>'")
                .doesNotContain("'--kind")
                .doesNotContain("'--bootstrap")
                .contains("Usage: medstream swap");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownKindNamingTheOptionAndTheValidValues() throws Exception {
        Path w = Files.writeString(dir.resolve("weights.params"), "x");
        Run r = run(swap("CLASSIFIER", "x", w));

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err())
                .contains("Invalid value for option '--kind'")
                .contains("CLASSIFIER")
                .contains("SEGMENTATION")
                .contains("DRAFTER");
        assertThat(r.out()).doesNotContain("announced");
    }
}
