package io.medstream.operators.group;

import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Groups segmented slices by series (the key is the series UID). The expected count comes from the sender's
 * {@code ScanEvent.expectedInstances}; without it a series completes after the inactivity timeout. Slices are
 * emitted in instance-number order (arrival order breaks ties), which is the reading order of the report.
 */
public final class SliceGroupFunction extends SeriesGroupFunction<SegmentedSlice, CompletedSeries> {
    private static final long serialVersionUID = 1L;

    public SliceGroupFunction(long inactivityMillis) {
        super(inactivityMillis, new AvroTypeInfo<>(SegmentedSlice.class));
    }

    @Override
    protected Integer expectedInstances(SegmentedSlice item) {
        return item.getScan().getExpectedInstances();
    }

    @Override
    protected CompletedSeries toGroup(String seriesKey, List<SegmentedSlice> items, Completion completion) {
        List<SegmentedSlice> sorted = items.stream()
                .sorted(Comparator.comparing(
                        (SegmentedSlice s) -> s.getScan().getInstanceNumber() == null ? Integer.MAX_VALUE
                                : s.getScan().getInstanceNumber()))
                .toList();
        return new CompletedSeries(sorted.get(0).getScan().getStudyInstanceUid(), seriesKey,
                completion == Completion.EXPECTED_COUNT_REACHED ? SeriesCompletion.EXPECTED_COUNT_REACHED
                        : SeriesCompletion.INACTIVITY_TIMEOUT,
                sorted);
    }
}
