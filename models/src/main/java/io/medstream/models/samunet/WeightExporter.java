package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link SamUnetBlock}'s parameters under the official {@code state_dict} keys as
 * safetensors ({@code NDList.encode(SAFETENSORS)}), so PyTorch code can read them back. BatchNorm
 * {@code num_batches_tracked} is written as an int64 scalar 0 (DJL does not track it).
 */
public final class WeightExporter {

    private WeightExporter() {}

    /** Exports to {@code file} (safetensors). */
    public static void exportFile(SamUnetBlock block, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            exportStream(block, out);
        }
    }

    /** Exports to a stream (safetensors). */
    public static void exportStream(SamUnetBlock block, OutputStream out) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            toList(block, manager).encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /**
     * Copies every mapped parameter into {@code manager}, named by its official key, in official
     * order, followed by the {@code num_batches_tracked} scalars.
     */
    public static NDList toList(SamUnetBlock block, NDManager manager) {
        SamUnetWeightNames names = SamUnetWeightNames.forConfig(block.getConfig());
        Map<String, Parameter> params = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        NDList out = new NDList();
        for (Map.Entry<String, String> e : names.officialToDjl().entrySet()) {
            Parameter p = params.get(e.getValue());
            if (p == null || !p.isInitialized()) {
                throw new IllegalStateException(
                        "no initialised DJL parameter " + e.getValue() + " for " + e.getKey());
            }
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            copy.setName(e.getKey());
            out.add(copy);
        }
        for (String key : names.untrackedKeys()) {
            NDArray zero = manager.create(0L);
            zero.setName(key);
            out.add(zero);
        }
        return out;
    }
}
