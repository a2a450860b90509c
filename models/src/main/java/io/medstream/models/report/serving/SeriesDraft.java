package io.medstream.models.report.serving;

import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SeriesReporter#draft} returns for one series.
 *
 * @param slices the per-slice drafts, in the caller's order
 * @param report the merged series report
 * @param drafter the drafter that wrote it
 * @param scorer the visual scorer that scored it
 */
public record SeriesDraft(
        List<SliceDraft> slices, SeriesReport report, ModelRef drafter, ModelRef scorer) {

    public SeriesDraft {
        slices = List.copyOf(slices);
    }

    /** The kept preference pairs (CSR mode), in slice order; empty in greedy mode. */
    public List<PreferencePair> pairs() {
        return slices.stream().map(SliceDraft::pair).filter(Objects::nonNull).toList();
    }
}
