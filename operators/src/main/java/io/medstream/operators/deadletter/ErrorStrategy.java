package io.medstream.operators.deadletter;

/**
 * What a stage does with an input it cannot process, chosen per stage by configuration (key {@code
 * medstream.<stage>.error-handling-strategy}), after the {@code error-handling-strategy} option of
 * Flink's own model functions. Infrastructure failures (a sink, the state backend, a checkpoint)
 * are not inputs and always fail the task.
 */
public enum ErrorStrategy {
    /**
     * One dead letter on {@code scans.dlq} with stage, reason and the input; the stream goes on.
     */
    DEAD_LETTER,
    /**
     * Fail the task with a {@link StageFailureException}: Flink restarts from the last checkpoint
     * under its restart strategy. A bad input that fails again exhausts that strategy and stops the
     * job, which is what an operator who chose this wants to see.
     */
    FAILOVER,
    /**
     * Drop the input; counted ({@code errorsIgnored}) and logged with stage, reason and trace id.
     */
    IGNORE
}
