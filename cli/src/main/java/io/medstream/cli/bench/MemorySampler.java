package io.medstream.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples this JVM's memory every {@code periodMillis} on a daemon thread and keeps the peaks. In
 * {@code bench pipeline} the embedded MiniCluster's TaskManager runs in this JVM, so these are the
 * TaskManager's figures (the Kafka broker is a separate process and is not included).
 *
 * <ul>
 *   <li>heap used / committed: {@link Runtime}; max is {@code -Xmx}.
 *   <li>native = VmRSS (from {@code /proc/self/status}) − heap committed: libtorch tensors and
 *       weights, direct buffers (Kafka, Flink network), metaspace, thread stacks, code cache.
 *       Committed heap pages that were never touched are not in RSS, so this slightly undercounts
 *       native when the heap is mostly empty.
 * </ul>
 */
public final class MemorySampler implements AutoCloseable {
    private static final long MIB = 1024 * 1024;

    /** Peak values in MiB ({@code -1} where unknown, e.g. no {@code /proc}). */
    public record Peaks(
            long heapUsedMiB,
            long heapCommittedMiB,
            long heapMaxMiB,
            long rssMiB,
            long nativeMiB,
            int samples) {}

    private final Thread thread;
    private volatile boolean running = true;
    private long heapUsed;
    private long heapCommitted;
    private long rss = -1;
    private long nativeBytes = -1;
    private int samples;

    public MemorySampler(long periodMillis) {
        thread =
                new Thread(
                        () -> {
                            while (running) {
                                sample();
                                try {
                                    Thread.sleep(periodMillis);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void sample() {
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        heapUsed = Math.max(heapUsed, committed - rt.freeMemory());
        heapCommitted = Math.max(heapCommitted, committed);
        long r = readRssBytes();
        if (r >= 0) {
            rss = Math.max(rss, r);
            nativeBytes = Math.max(nativeBytes, r - committed);
        }
        samples++;
    }

    /** The peaks so far (takes one more sample first). */
    public synchronized Peaks peaks() {
        sample();
        return new Peaks(
                heapUsed / MIB,
                heapCommitted / MIB,
                Runtime.getRuntime().maxMemory() / MIB,
                rss < 0 ? -1 : rss / MIB,
                nativeBytes < 0 ? -1 : nativeBytes / MIB,
                samples);
    }

    private static long readRssBytes() {
        try {
            return vmRssBytes(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of a {@code /proc/<pid>/status} text in bytes, or −1 when the line is missing. */
    static long vmRssBytes(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                long kb = Long.parseLong(parts[0]);
                return kb * 1024; // the kernel always reports kB here
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2_000);
    }
}
