package io.medstream.operators.deadletter;

/**
 * Thrown by a stage whose {@link ErrorStrategy} is {@link ErrorStrategy#FAILOVER}: it fails the
 * task so Flink restarts it from the last checkpoint. The message names stage and reason only.
 */
public final class StageFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private final DeadLetterReason reason;

    public StageFailureException(
            String stage, DeadLetterReason reason, String message, Throwable cause) {
        super("stage " + stage + " failed on an input (" + reason.name() + "): " + message, cause);
        this.stage = stage;
        this.reason = reason;
    }

    public String stage() {
        return stage;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
