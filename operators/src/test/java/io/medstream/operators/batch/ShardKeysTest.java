package io.medstream.operators.batch;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ShardKeysTest {

    @Test
    void shardKeysCoverEverySubtaskAndAreStable() {
        for (int p : new int[] {1, 2, 3, 4, 8}) {
            ShardKeys keys = ShardKeys.forParallelism(p, 128);
            Set<Integer> subtasks = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                int k = keys.shardOf("1.2.840." + i);
                subtasks.add(KeyGroupRangeAssignment.assignKeyToParallelOperator(k, 128, p));
                assertThat(keys.shardOf("1.2.840." + i)).isEqualTo(k);
            }
            assertThat(subtasks).hasSize(p);
        }
    }
}
