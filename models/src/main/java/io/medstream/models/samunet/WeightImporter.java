package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads official-key weights (safetensors or npz, as written by {@code tools/convert_checkpoint.py}
 * or {@link WeightExporter}) into an <b>initialised</b> {@link SamUnetBlock}.
 *
 * <p>Every tensor must map through {@link SamUnetWeightNames} to a parameter of the same shape;
 * otherwise an {@link IllegalArgumentException} lists the offending keys. By default every mapped
 * parameter must also be present; {@code allowMissing} accepts partial files such as the SAM
 * initialisation from {@code convert_checkpoint.py --from-sam} (missing parameters keep their
 * current values and are listed in the report). {@code num_batches_tracked} entries are skipped.
 */
public final class WeightImporter {

    private WeightImporter() {}

    /**
     * What an import did.
     *
     * @param loaded tensors copied into parameters
     * @param skipped untracked entries ({@code num_batches_tracked})
     * @param missing official keys absent from the file (empty unless {@code allowMissing})
     */
    public record Report(int loaded, List<String> skipped, List<String> missing) {}

    /** Reads a safetensors/npz file and loads it into {@code block}; strict. */
    public static Report importFile(SamUnetBlock block, Path file) throws IOException {
        return importFile(block, file, false);
    }

    /** Reads a safetensors/npz file and loads it into {@code block}. */
    public static Report importFile(SamUnetBlock block, Path file, boolean allowMissing)
            throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return importStream(block, in, allowMissing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("weights " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a safetensors/npz stream ({@code NDList.decode}, names preserved); strict. */
    public static Report importStream(SamUnetBlock block, InputStream in) {
        return importStream(block, in, false);
    }

    /**
     * Decodes a safetensors/npz stream ({@code NDList.decode}, names preserved) into {@code block}.
     */
    public static Report importStream(SamUnetBlock block, InputStream in, boolean allowMissing) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList tensors = NDList.decode(manager, in);
            return importList(block, tensors, allowMissing);
        }
    }

    /** Loads named arrays (names = official keys) into {@code block}; values are copied; strict. */
    public static Report importList(SamUnetBlock block, NDList tensors) {
        return importList(block, tensors, false);
    }

    /**
     * Loads named arrays (names = official keys) into {@code block}; values are copied.
     *
     * @param allowMissing accept files that lack some official keys (reported, not loaded)
     */
    public static Report importList(SamUnetBlock block, NDList tensors, boolean allowMissing) {
        SamUnetWeightNames names = SamUnetWeightNames.forConfig(block.getConfig());
        Map<String, Parameter> params = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> loaded = new HashSet<>();
        for (NDArray array : tensors) {
            String key = array.getName();
            if (names.untrackedKeys().contains(key)) {
                skipped.add(key);
                continue;
            }
            String djl = names.djlName(key);
            Parameter param = djl == null ? null : params.get(djl);
            if (param == null) {
                unexpected.add(key);
                continue;
            }
            if (!param.isInitialized()) {
                throw new IllegalStateException(
                        "initialise the block (block.initialize(...)) before importing weights");
            }
            NDArray target = param.getArray();
            if (!target.getShape().equals(array.getShape())) {
                mismatched.add(key + " " + array.getShape() + " vs " + target.getShape());
                continue;
            }
            NDArray src =
                    array.getDataType() == DataType.FLOAT32
                            ? array
                            : array.toType(DataType.FLOAT32, false);
            target.set(src.toFloatArray());
            loaded.add(key);
        }
        List<String> missing = new ArrayList<>();
        for (String key : names.officialToDjl().keySet()) {
            if (!loaded.contains(key)) {
                missing.add(key);
            }
        }
        if (!unexpected.isEmpty()
                || !mismatched.isEmpty()
                || (!allowMissing && !missing.isEmpty())) {
            throw new IllegalArgumentException(
                    "weights do not match "
                            + block.getConfig()
                            + ": unexpected="
                            + head(unexpected)
                            + ", shape mismatches="
                            + head(mismatched)
                            + ", missing="
                            + head(missing)
                            + " (was the file converted for this variant?)");
        }
        return new Report(loaded.size(), List.copyOf(skipped), List.copyOf(missing));
    }

    private static String head(List<String> keys) {
        if (keys.size() <= 5) {
            return keys.toString();
        }
        return keys.subList(0, 5) + " … (" + keys.size() + " in all)";
    }
}
