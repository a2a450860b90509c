package io.medstream.operators.segment;

import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.serving.ServingSettings;

import java.io.Serializable;
import java.util.Objects;

/**
 * Configuration of the segment stage.
 *
 * @param shipped the version served until a control command says otherwise; null = the tiny model
 *     shipped in the jar, unpacked on each TaskManager
 * @param serving model workers, micro-batches (images per encoder batch) and timeout
 * @param maxPromptsPerScan more prompts than this on one scan is a dead letter (bounds decoder work
 *     per record)
 * @param ingest payload access and DICOM limits (the same as ingestion's)
 * @param boxConstraint confine each box prompt's mask to its box
 * @param errorStrategy what a scan that cannot be segmented (or a failed swap) becomes
 */
public record SegmentSettings(
        ModelVersion shipped,
        ServingSettings serving,
        int maxPromptsPerScan,
        IngestSettings ingest,
        boolean boxConstraint,
        ErrorStrategy errorStrategy)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public SegmentSettings {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(errorStrategy, "errorStrategy");
        Objects.requireNonNull(serving, "serving");
        if (maxPromptsPerScan < 1) {
            throw new IllegalArgumentException("maxPromptsPerScan must be >= 1");
        }
    }
}
