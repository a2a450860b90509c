package io.medstream.models.report.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.medstream.models.common.Sha256;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Weight files (DJL block parameters, {@value #WEIGHTS}) and their SHA-256. */
public final class Checkpoints {

    public static final String WEIGHTS = "weights.params";
    public static final String CONFIG = "config.json";
    public static final String VOCAB = "vocab.json";

    private Checkpoints() {}

    /** Writes the block's parameters; returns the file's SHA-256. */
    public static String saveWeights(Block block, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(WEIGHTS);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f)))) {
            block.saveParameters(out);
        }
        return sha256(f);
    }

    public static void loadWeights(Block block, NDManager manager, Path dir) throws IOException {
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(dir.resolve(WEIGHTS))))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("bad weight file in " + dir, e);
        }
        // Loaded arrays do not require gradients (freshly initialised ones do); a loaded model must
        // be trainable
        // (DPO). Outside a GradientCollector the engine records no graph, so inference is
        // unaffected.
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
    }

    public static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    public static String sha256(Path f) throws IOException {
        return Sha256.hex(f);
    }
}
