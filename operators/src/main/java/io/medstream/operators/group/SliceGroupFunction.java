package io.medstream.operators.group;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

import io.medstream.operators.control.ModelDeadLetters;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;

import java.util.Comparator;
import java.util.List;

/**
 * Groups segmented slices by series (the key is the series UID). The expected count comes from the
 * sender's {@code ScanEvent.expectedInstances}; without it a series completes after the inactivity
 * timeout. Slices are emitted in instance-number order (arrival order breaks ties), which is the
 * reading order of the report.
 */
public final class SliceGroupFunction extends SeriesGroupFunction<SegmentedSlice, CompletedSeries> {
    private static final long serialVersionUID = 1L;

    public static final String STAGE = "group";
    public static final org.apache.flink.util.OutputTag<DeadLetter> DEAD_LETTERS =
            new org.apache.flink.util.OutputTag<>(
                    "group-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    public SliceGroupFunction(long inactivityMillis, int maxInstances) {
        super(inactivityMillis, maxInstances, new AvroTypeInfo<>(SegmentedSlice.class));
    }

    /**
     * The slice's mask is already out; only the series report leaves it out, and the dead letter
     * says so.
     */
    @Override
    protected void onOverflow(SegmentedSlice item, Context ctx, int limit) {
        ctx.output(
                DEAD_LETTERS,
                ModelDeadLetters.of(
                        STAGE,
                        "LIMIT_EXCEEDED",
                        new IllegalStateException(
                                "series already holds "
                                        + limit
                                        + " instances (medstream.series.max-instances); this one is not in "
                                        + "its report"),
                        item.getScan().getTraceId(),
                        item,
                        System.currentTimeMillis()));
    }

    @Override
    protected Integer expectedInstances(SegmentedSlice item) {
        return item.getScan().getExpectedInstances();
    }

    @Override
    protected CompletedSeries toGroup(
            String seriesKey, List<SegmentedSlice> items, Completion completion) {
        List<SegmentedSlice> sorted =
                items.stream()
                        .sorted(
                                Comparator.comparing(
                                        (SegmentedSlice s) ->
                                                s.getScan().getInstanceNumber() == null
                                                        ? Integer.MAX_VALUE
                                                        : s.getScan().getInstanceNumber()))
                        .toList();
        return new CompletedSeries(
                sorted.get(0).getScan().getStudyInstanceUid(),
                seriesKey,
                completion == Completion.EXPECTED_COUNT_REACHED
                        ? SeriesCompletion.EXPECTED_COUNT_REACHED
                        : SeriesCompletion.INACTIVITY_TIMEOUT,
                sorted);
    }
}
