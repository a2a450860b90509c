package io.medstream.models.report.io;

import java.util.Locale;

/** Progress callback of the training entry points (the CLI draws its progress bar from it). */
@FunctionalInterface
public interface TrainingProgress {

    /**
     * @param phase what is running, e.g. "drafter", "scorer", "dpo1/pairs", "dpo1/train",
     *     "eval/greedy"
     * @param done units done (steps, images)
     * @param total units in this phase
     * @param value the current loss or metric (NaN when none)
     */
    void update(String phase, long done, long total, double value);

    TrainingProgress NONE = (phase, done, total, value) -> {};

    /** Prints a line every {@code every} units and at the end, to stderr. */
    static TrainingProgress printing(long every) {
        return (phase, done, total, value) -> {
            if (done % every == 0 || done == total) {
                System.err.printf(Locale.ROOT, "[%s] %d/%d  %.4f%n", phase, done, total, value);
            }
        };
    }
}
