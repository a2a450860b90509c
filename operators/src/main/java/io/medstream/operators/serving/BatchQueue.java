package io.medstream.operators.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The micro-batching rule of a model stage, shared by its workers: {@link #take} returns up to
 * {@code maxBatchSize} elements, cut when full or when the batch's oldest element has waited {@code
 * maxDelayMillis} since it was {@link #put}. Elements that already waited that long (the workers
 * were busy) go out at once. Unbounded by itself: the async operator's capacity bounds what is in
 * flight.
 *
 * @param <T> element type
 */
final class BatchQueue<T> {
    private record Entry<T>(T value, long enqueuedNanos) {}

    private final LinkedBlockingQueue<Entry<T>> queue = new LinkedBlockingQueue<>();
    private final int maxBatchSize;
    private final long maxDelayNanos;

    BatchQueue(int maxBatchSize, long maxDelayMillis) {
        if (maxBatchSize < 1 || maxDelayMillis < 0) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1 and maxDelayMillis >= 0");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    }

    void put(T value) {
        queue.add(new Entry<>(value, System.nanoTime()));
    }

    /** Removes {@code value} if it still waits (a request that timed out); identity match. */
    boolean remove(T value) {
        return queue.removeIf(e -> e.value() == value);
    }

    /** Elements waiting (not yet taken by a worker). */
    int size() {
        return queue.size();
    }

    /** Blocks for the first element, then gathers more until the batch is full or due. */
    List<T> take() throws InterruptedException {
        Entry<T> first = queue.take();
        List<T> batch = new ArrayList<>(maxBatchSize);
        batch.add(first.value());
        long due = first.enqueuedNanos() + maxDelayNanos;
        while (batch.size() < maxBatchSize) {
            Entry<T> next = queue.poll();
            if (next == null) {
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            batch.add(next.value());
        }
        return batch;
    }
}
