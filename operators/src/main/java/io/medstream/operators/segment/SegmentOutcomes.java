package io.medstream.operators.segment;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.internal.SegmentOutcome;
import io.medstream.schemas.internal.SegmentedSlice;

/**
 * After the asynchronous segment stage (which has no side outputs): the segmented slice goes on,
 * its dead letters go to {@link DeadLetters#TAG}.
 */
public final class SegmentOutcomes extends ProcessFunction<SegmentOutcome, SegmentedSlice> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(SegmentOutcome o, Context ctx, Collector<SegmentedSlice> out) {
        if (o.getSlice() != null) {
            out.collect(o.getSlice());
        }
        for (DeadLetter d : o.getDeadLetters()) {
            ctx.output(DeadLetters.TAG, d);
        }
    }
}
