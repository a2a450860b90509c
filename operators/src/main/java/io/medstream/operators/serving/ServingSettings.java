package io.medstream.operators.serving;

import java.io.Serializable;

/**
 * How an asynchronous model stage serves: its worker pool, micro-batches and timeout.
 *
 * @param workers model workers per subtask, each with its own loaded model (memory: one model per
 *     worker, two during a hot swap)
 * @param maxBatchSize requests per model call (a batch is cut when it is full...)
 * @param maxDelayMillis ...or when its first request has waited this long
 * @param timeoutMillis a request not answered within this long becomes a dead letter (reason
 *     TIMEOUT); the job goes on
 */
public record ServingSettings(
        int workers, int maxBatchSize, long maxDelayMillis, long timeoutMillis)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ServingSettings {
        if (workers < 1 || maxBatchSize < 1 || maxDelayMillis < 0 || timeoutMillis < 1) {
            throw new IllegalArgumentException(
                    "workers and maxBatchSize must be >= 1, maxDelayMillis >= 0 and"
                            + " timeoutMillis >= 1, got "
                            + workers
                            + ", "
                            + maxBatchSize
                            + ", "
                            + maxDelayMillis
                            + " and "
                            + timeoutMillis);
        }
    }

    /**
     * In-flight requests per subtask (the async operator's capacity): every worker's running batch
     * plus one more batch each waiting, so a worker never idles between batches while the rest of
     * the input waits upstream (backpressure) instead of in memory.
     */
    public int capacity() {
        return 2 * workers * maxBatchSize;
    }
}
