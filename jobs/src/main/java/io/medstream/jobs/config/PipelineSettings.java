package io.medstream.jobs.config;

import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;
import java.time.Duration;

import static io.medstream.jobs.config.MedstreamOptions.*;

/**
 * The model part of the job: output topics, batching, series grouping, drafting.
 *
 * @param enabled run the segment, group and draft stages (false: ingestion only)
 * @param masksTopic SegmentationResult output
 * @param reportsTopic StudyReport output
 * @param fhirTopic FHIR DiagnosticReport JSON output
 * @param preferencesTopic PreferencePair output
 * @param controlTopic ModelControl input
 * @param segmentBatchSize images per encoder batch
 * @param segmentBatchTimeout flush delay of a partial batch
 * @param maxPromptsPerScan prompt limit per scan
 * @param boxConstraint confine each box prompt's mask to its box
 * @param seriesInactivity inactivity timeout of a series
 * @param seriesMaxInstances instances held per series
 * @param seriesMaxStateBytes serialized state held per series
 * @param draftCsr CSR search (true) or greedy decoding
 * @param draftMaxSlices slices per series read by the drafter
 */
public record PipelineSettings(
        boolean enabled,
        String masksTopic,
        String reportsTopic,
        String fhirTopic,
        String preferencesTopic,
        String controlTopic,
        int segmentBatchSize,
        Duration segmentBatchTimeout,
        int maxPromptsPerScan,
        boolean boxConstraint,
        Duration seriesInactivity,
        int seriesMaxInstances,
        long seriesMaxStateBytes,
        boolean draftCsr,
        int draftMaxSlices)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PipelineSettings {
        if (segmentBatchSize < 1
                || maxPromptsPerScan < 1
                || draftMaxSlices < 1
                || seriesMaxInstances < 1) {
            throw new IllegalArgumentException(
                    SEGMENT_BATCH_SIZE.key()
                            + " ("
                            + segmentBatchSize
                            + "), "
                            + SEGMENT_MAX_PROMPTS.key()
                            + " ("
                            + maxPromptsPerScan
                            + "), "
                            + SERIES_MAX_INSTANCES.key()
                            + " ("
                            + seriesMaxInstances
                            + ") and "
                            + DRAFT_MAX_SLICES.key()
                            + " ("
                            + draftMaxSlices
                            + ") must be >= 1");
        }
        if (seriesMaxStateBytes < 1) {
            throw new IllegalArgumentException(SERIES_MAX_STATE_BYTES.key() + " must be positive");
        }
        if (seriesInactivity.isNegative() || seriesInactivity.isZero()) {
            throw new IllegalArgumentException(SERIES_INACTIVITY.key() + " must be positive");
        }
    }

    public static PipelineSettings fromConfiguration(ReadableConfig conf) {
        return new PipelineSettings(
                conf.get(MODELS_ENABLED),
                conf.get(TOPIC_MASKS),
                conf.get(TOPIC_REPORTS),
                conf.get(TOPIC_REPORTS_FHIR),
                conf.get(TOPIC_PREFERENCES),
                conf.get(TOPIC_CONTROL),
                conf.get(SEGMENT_BATCH_SIZE),
                conf.get(SEGMENT_BATCH_TIMEOUT),
                conf.get(SEGMENT_MAX_PROMPTS),
                conf.get(SEGMENT_BOX_CONSTRAINT),
                conf.get(SERIES_INACTIVITY),
                conf.get(SERIES_MAX_INSTANCES),
                conf.get(SERIES_MAX_STATE_BYTES).getBytes(),
                conf.get(DRAFT_CSR),
                conf.get(DRAFT_MAX_SLICES));
    }
}
