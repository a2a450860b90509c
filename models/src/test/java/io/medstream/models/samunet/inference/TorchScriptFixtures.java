package io.medstream.models.samunet.inference;

import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.WeightExporter;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Produces TorchScript fixtures for a Java model: exports its weights (official keys) and runs
 * {@code tools/samunet_torchscript_fixtures.py} with a Python that has torch + numpy.
 *
 * <p>Python lookup: {@code $MEDSTREAM_PYTHON}, {@code python3} on the PATH, {@code
 * /usr/bin/python3} (Debian's {@code python3-torch} lives there, while a pyenv or venv {@code
 * python3} may shadow it). None usable: the test fails when {@code CI=true}, is skipped otherwise.
 */
final class TorchScriptFixtures {

    static final Path SCRIPT = Path.of("..", "tools", "samunet_torchscript_fixtures.py");

    private TorchScriptFixtures() {}

    /**
     * A Python that imports torch and numpy; fails (CI) or aborts the test (assumption) otherwise.
     */
    static String pythonWithTorch() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("MEDSTREAM_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            if (run(List.of(python, "-c", "import torch, numpy"), 120).exitCode == 0) {
                return python;
            }
        }
        String message =
                "no python with torch + numpy among "
                        + candidates
                        + " (Debian: apt-get install -y python3-torch python3-numpy; or set MEDSTREAM_PYTHON)";
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but the TorchScript parity test cannot run: " + message);
        }
        Assumptions.assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    /**
     * Exports {@code block} to {@code dir/weights.safetensors} and writes {@code encoder.pt},
     * {@code decoder.pt}, {@code reference.npz}, {@code reference.json} into {@code dir}.
     *
     * @return the script's stdout (reference.json as one line)
     */
    static String export(SamUnetBlock block, String variant, Path dir) throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            fail("fixture script not found from " + Path.of("").toAbsolutePath() + ": " + SCRIPT);
        }
        String python = pythonWithTorch();
        Path weights = dir.resolve("weights.safetensors");
        WeightExporter.exportFile(block, weights);
        Result r =
                run(
                        List.of(
                                python,
                                SCRIPT.toString(),
                                weights.toString(),
                                dir.toString(),
                                "--variant",
                                variant),
                        600);
        if (r.exitCode != 0) {
            fail("samunet_torchscript_fixtures.py failed (exit " + r.exitCode + "):\n" + r.output);
        }
        return r.output;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            // the output is small (a JSON line, or a traceback); read it all before waiting
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString()); // executable not found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
