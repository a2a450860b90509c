package io.medstream.models.samunet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.models.common.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON model card written next to a checkpoint ({@code model.json}).
 *
 * @param variant registry name ({@code tiny}, ...)
 * @param mode {@link #MODE_SAM_UNET} or {@link #MODE_VIT_ONLY} (fusion path disabled, see {@link
 *     io.medstream.models.samunet.image.SamUnetImageEncoderBlock#setFusionEnabled})
 * @param weights weight file name, relative to the card's folder (safetensors, official keys)
 * @param sha256 hex SHA-256 of the weight file
 * @param stages per training stage: name, steps, lr, batch, data seed and index range, trainable
 *     set, seconds
 * @param initSeed engine seed of the parameter initialisation
 * @param metrics evaluation/validation figures (name → value)
 * @param command the command line that produced the checkpoint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamUnetModelCard(
        String variant,
        String mode,
        String weights,
        String sha256,
        long initSeed,
        List<Map<String, Object>> stages,
        Map<String, Object> metrics,
        String command,
        String created) {

    public static final String FILE_NAME = "model.json";
    public static final String MODE_SAM_UNET = "sam_unet";
    public static final String MODE_VIT_ONLY = "vit_only";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public boolean vitOnly() {
        return MODE_VIT_ONLY.equals(mode);
    }

    public SamUnetModelCard withMetrics(Map<String, Object> newMetrics) {
        return new SamUnetModelCard(
                variant, mode, weights, sha256, initSeed, stages, newMetrics, command, created);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static SamUnetModelCard read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SamUnetModelCard.class);
    }

    public static SamUnetModelCard read(InputStream in) throws IOException {
        return JSON.readValue(in, SamUnetModelCard.class);
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Hex SHA-256 of a stream (read to the end). */
    public static String sha256(InputStream in) throws IOException {
        return Sha256.hex(in);
    }

    /** Mutable helper for one stage entry (insertion-ordered). */
    public static Map<String, Object> stage(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
