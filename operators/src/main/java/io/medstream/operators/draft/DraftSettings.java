package io.medstream.operators.draft;

import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.serving.ServingSettings;

import java.io.Serializable;
import java.util.Objects;

/**
 * Configuration of the draft stage.
 *
 * @param csr draft with the CSR sentence search (and emit preference pairs) or greedy decoding
 * @param maxSlices slices of a series the drafter reads, evenly spaced in instance order (bounds
 *     the work per series: CSR costs ~0.5–1 s per slice on one CPU thread)
 * @param serving model workers, micro-batches (series per batch) and timeout
 * @param ingest payload access and DICOM limits
 * @param errorStrategy what a series that cannot be drafted (or a failed swap) becomes
 */
public record DraftSettings(
        boolean csr,
        int maxSlices,
        ServingSettings serving,
        IngestSettings ingest,
        ErrorStrategy errorStrategy)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public DraftSettings {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(errorStrategy, "errorStrategy");
        Objects.requireNonNull(serving, "serving");
        if (maxSlices < 1) {
            throw new IllegalArgumentException("maxSlices must be >= 1");
        }
    }
}
