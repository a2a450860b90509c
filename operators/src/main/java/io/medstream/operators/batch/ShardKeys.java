package io.medstream.operators.batch;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.io.Serializable;

/**
 * Synthetic shard keys for micro-batching. Keying by shard instead of by series or patient lets
 * several series share a batch and spreads load evenly; the same id always maps to the same shard,
 * so per-series order is kept.
 *
 * <p>Plain {@code hash % parallelism} keys do not spread evenly: Flink hashes keys again into key
 * groups, and two small integers can land on the same subtask while another gets none. {@link
 * #forParallelism} therefore picks, for every subtask, one integer key that Flink assigns to
 * exactly that subtask.
 */
public final class ShardKeys implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] keys;

    private ShardKeys(int[] keys) {
        this.keys = keys;
    }

    /** One key per subtask of an operator with this parallelism and max parallelism. */
    public static ShardKeys forParallelism(int parallelism, int maxParallelism) {
        if (parallelism < 1 || maxParallelism < parallelism) {
            throw new IllegalArgumentException(
                    "need 1 <= parallelism <= maxParallelism, got "
                            + parallelism
                            + " and "
                            + maxParallelism);
        }
        int[] keys = new int[parallelism];
        boolean[] found = new boolean[parallelism];
        int missing = parallelism;
        for (int k = 0; missing > 0; k++) {
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            k, maxParallelism, parallelism);
            if (!found[subtask]) {
                found[subtask] = true;
                keys[subtask] = k;
                missing--;
            }
        }
        return new ShardKeys(keys);
    }

    /**
     * Flink's default max parallelism for a given parallelism (as the runtime computes it when none
     * is set).
     */
    public static ShardKeys forParallelism(int parallelism) {
        return forParallelism(
                parallelism, KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism));
    }

    /** The shard key of an id (e.g. a series UID). */
    public int shardOf(String id) {
        // Spread String.hashCode's bits (UIDs share long prefixes) before the modulus.
        int h = id.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return keys[Math.floorMod(h, keys.length)];
    }

    public int shards() {
        return keys.length;
    }
}
