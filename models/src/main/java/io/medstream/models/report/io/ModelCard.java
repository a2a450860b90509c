package io.medstream.models.report.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * model-card.json of a checkpoint directory.
 *
 * @param name model name, e.g. "report-drafter"
 * @param version e.g. "base", "dpo1"
 * @param kind "drafter" or "scorer"
 * @param parent version this one was trained from (DPO), else null
 * @param steps optimiser steps taken
 * @param dataSeed phantom generator seed of the training data
 * @param trainExamples number of training phantoms
 * @param seed seed of initialisation and batch order
 * @param parameters number of trainable parameters
 * @param weightsFile weight file name inside the directory
 * @param weightsSha256 lower-case hex SHA-256 of the weight file
 * @param metrics training metrics (final loss, DPO rewards, ...)
 * @param settings training hyper-parameters
 * @param command the entry point that produced it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String name,
        String version,
        String kind,
        String parent,
        long steps,
        long dataSeed,
        int trainExamples,
        long seed,
        long parameters,
        String weightsFile,
        String weightsSha256,
        Map<String, Double> metrics,
        Map<String, Object> settings,
        String command) {

    public static final String FILE = "model-card.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelCard {
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(this));
    }

    public static ModelCard read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), ModelCard.class);
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
