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
 * @param segmentWorkers SAM-UNet workers per subtask
 * @param segmentTimeout a scan not segmented within this long becomes a dead letter
 * @param segmentParallelism subtasks of the segment stage, 0 for the job's parallelism
 * @param maxPromptsPerScan prompt limit per scan
 * @param boxConstraint confine each box prompt's mask to its box
 * @param seriesInactivity inactivity timeout of a series
 * @param seriesMaxInstances instances held per series
 * @param seriesMaxStateBytes serialized state held per series
 * @param draftCsr CSR search (true) or greedy decoding
 * @param draftMaxSlices slices per series read by the drafter
 * @param draftWorkers drafter workers per subtask
 * @param draftTimeout a series not drafted within this long becomes a dead letter
 * @param draftParallelism subtasks of the draft stage, 0 for the job's parallelism
 * @param modelSlotSharingGroup slot-sharing group of the model stages
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
        int segmentWorkers,
        Duration segmentTimeout,
        int segmentParallelism,
        int maxPromptsPerScan,
        boolean boxConstraint,
        Duration seriesInactivity,
        int seriesMaxInstances,
        long seriesMaxStateBytes,
        boolean draftCsr,
        int draftMaxSlices,
        int draftWorkers,
        Duration draftTimeout,
        int draftParallelism,
        String modelSlotSharingGroup)
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
        if (segmentWorkers < 1 || draftWorkers < 1) {
            throw new IllegalArgumentException(
                    SEGMENT_WORKERS.key() + " and " + DRAFT_WORKERS.key() + " must be >= 1");
        }
        for (Duration d : new Duration[] {segmentTimeout, draftTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        SEGMENT_TIMEOUT.key()
                                + " and "
                                + DRAFT_TIMEOUT.key()
                                + " must be positive");
            }
        }
        if (segmentParallelism < 0 || draftParallelism < 0) {
            throw new IllegalArgumentException(
                    SEGMENT_PARALLELISM.key()
                            + " and "
                            + DRAFT_PARALLELISM.key()
                            + " must be >= 0 (0: the job's parallelism)");
        }
        if (modelSlotSharingGroup == null || modelSlotSharingGroup.isBlank()) {
            throw new IllegalArgumentException(
                    MODELS_SLOT_SHARING_GROUP.key() + " must not be blank");
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
                conf.get(SEGMENT_WORKERS),
                conf.get(SEGMENT_TIMEOUT),
                conf.get(SEGMENT_PARALLELISM),
                conf.get(SEGMENT_MAX_PROMPTS),
                conf.get(SEGMENT_BOX_CONSTRAINT),
                conf.get(SERIES_INACTIVITY),
                conf.get(SERIES_MAX_INSTANCES),
                conf.get(SERIES_MAX_STATE_BYTES).getBytes(),
                conf.get(DRAFT_CSR),
                conf.get(DRAFT_MAX_SLICES),
                conf.get(DRAFT_WORKERS),
                conf.get(DRAFT_TIMEOUT),
                conf.get(DRAFT_PARALLELISM),
                conf.get(MODELS_SLOT_SHARING_GROUP));
    }
}
