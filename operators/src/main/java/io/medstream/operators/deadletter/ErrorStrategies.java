package io.medstream.operators.deadletter;

import java.io.Serializable;
import java.util.Objects;

/**
 * The {@link ErrorStrategy} of each stage, read once from the job's configuration.
 *
 * @param ingest parse and validate (stages validate-input, decode-event, claim-check, decode-dicom)
 * @param control decode-control (a hot swap's model-load failure follows the stage that loads)
 * @param segment the segment stage
 * @param group the group-by-series stage
 * @param draft the draft stage
 */
public record ErrorStrategies(
        ErrorStrategy ingest,
        ErrorStrategy control,
        ErrorStrategy segment,
        ErrorStrategy group,
        ErrorStrategy draft)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ErrorStrategies {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(draft, "draft");
    }
}
