package io.medstream.operators.batch;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatchFunctionTest {

    /** Emits each batch as one string "a,b,c". */
    static final class Join extends MicroBatchFunction<String, String> {
        Join(int size, long delay) {
            super(size, delay, Types.STRING);
        }

        @Override
        protected void processBatch(List<String> batch, Context ctx, Collector<String> out) {
            out.collect(String.join(",", batch));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, String, String> harness(
            int size, long delay) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Join(size, delay)),
                        s -> s.length() % 2,
                        Types.INT);
        h.open();
        return h;
    }

    @Test
    void flushesWhenFullAndClearsState() throws Exception {
        try (var h = harness(3, 1000)) {
            h.processElement("a", 0);
            h.processElement("b", 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.processElement("c", 0);
            assertThat(h.extractOutputValues()).containsExactly("a,b,c");
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void flushesAPartialBatchWhenTheDelayExpires() throws Exception {
        try (var h = harness(10, 50)) {
            h.setProcessingTime(100);
            h.processElement("a", 0);
            h.setProcessingTime(120);
            h.processElement("b", 0);
            h.setProcessingTime(149);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(150); // 50 ms after the FIRST element, not the last
            assertThat(h.extractOutputValues()).containsExactly("a,b");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void keysBatchSeparatelyAndAStaleTimerDoesNotFlushTheNextBatch() throws Exception {
        try (var h = harness(2, 100)) {
            h.setProcessingTime(0);
            h.processElement("x", 0); // key 1
            h.processElement("yy", 0); // key 0
            h.processElement("z", 0); // key 1 full -> flush "x,z", its timer deleted
            assertThat(h.extractOutputValues()).containsExactly("x,z");
            h.setProcessingTime(50);
            h.processElement("w", 0); // key 1, new batch, timer at 150
            h.setProcessingTime(100); // key 0's timer fires; key 1 keeps waiting
            assertThat(h.extractOutputValues()).containsExactly("x,z", "yy");
            h.setProcessingTime(150);
            assertThat(h.extractOutputValues()).containsExactly("x,z", "yy", "w");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void bufferedElementsSurviveACheckpointAndRestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness(3, 1000)) {
            h.processElement("a", 0);
            h.processElement("b", 0);
            snapshot = h.snapshot(1, 1);
        }
        var h2 =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Join(3, 1000)),
                        (String s) -> s.length() % 2,
                        Types.INT);
        h2.initializeState(snapshot);
        h2.open();
        h2.processElement("c", 0);
        assertThat(h2.extractOutputValues()).containsExactly("a,b,c");
        h2.close();
    }

    @Test
    void shardKeysCoverEverySubtaskAndAreStable() {
        for (int p : new int[] {1, 2, 3, 4, 8}) {
            ShardKeys keys = ShardKeys.forParallelism(p, 128);
            java.util.Set<Integer> subtasks = new java.util.HashSet<>();
            for (int i = 0; i < 200; i++) {
                int k = keys.shardOf("1.2.840." + i);
                subtasks.add(
                        org.apache.flink.runtime.state.KeyGroupRangeAssignment
                                .assignKeyToParallelOperator(k, 128, p));
                assertThat(keys.shardOf("1.2.840." + i)).isEqualTo(k);
            }
            assertThat(subtasks).hasSize(p);
        }
    }
}
