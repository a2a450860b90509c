package io.medstream.operators.draft;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.DraftOutcome;

/**
 * After the asynchronous draft stage (which has no side outputs): the report goes on, its
 * preference pairs to {@link DraftFunction#PREFERENCE_PAIRS}, its dead letters to {@link
 * DeadLetters#TAG}.
 */
public final class DraftOutcomes extends ProcessFunction<DraftOutcome, StudyReport> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(DraftOutcome o, Context ctx, Collector<StudyReport> out) {
        if (o.getReport() != null) {
            out.collect(o.getReport());
        }
        for (PreferencePair p : o.getPairs()) {
            ctx.output(DraftFunction.PREFERENCE_PAIRS, p);
        }
        for (DeadLetter d : o.getDeadLetters()) {
            ctx.output(DeadLetters.TAG, d);
        }
    }
}
