package io.medstream.operators.batch;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flush rules and state cleanup of {@link BatchBuffer}, driven by a keyed function. */
class BatchBufferTest {

    /** Buffers strings per key and emits each flushed batch as one string "a,b,c". */
    static final class Join extends KeyedProcessFunction<Integer, String, String> {
        private final int size;
        private final long delay;
        private transient BatchBuffer<String> buffer;

        Join(int size, long delay) {
            this.size = size;
            this.delay = delay;
        }

        @Override
        public void open(OpenContext openContext) {
            buffer = new BatchBuffer<>(getRuntimeContext(), Types.STRING, size, delay);
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out)
                throws Exception {
            emit(buffer.add(value, ctx.timerService()), out);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            emit(buffer.onTimer(timestamp, ctx.timerService()), out);
        }

        private static void emit(List<String> batch, Collector<String> out) {
            if (batch != null) {
                out.collect(String.join(",", batch));
            }
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
        OperatorSubtaskState snapshot;
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
}
