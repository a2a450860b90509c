package io.medstream.operators.group;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import io.medstream.operators.group.SeriesGroupFunction.Completion;
import io.medstream.operators.group.SeriesGroupFunction.Group;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesGroupFunctionTest {

    /** Items "series:instance:expected" (expected may be empty for unknown). */
    static final class Grouper extends SeriesGroupFunction<String, Group<String>> {
        static final List<String> OVERFLOW = new java.util.concurrent.CopyOnWriteArrayList<>();

        Grouper(long inactivity) {
            this(inactivity, Integer.MAX_VALUE);
        }

        Grouper(long inactivity, int max) {
            super(inactivity, max, Types.STRING);
        }

        @Override
        protected void onOverflow(String item, Context ctx, int limit) {
            OVERFLOW.add(item + "/" + limit);
        }

        @Override
        protected Integer expectedInstances(String item) {
            String e = item.split(":", -1)[2];
            return e.isEmpty() ? null : Integer.parseInt(e);
        }

        @Override
        protected Group<String> toGroup(String key, List<String> items, Completion completion) {
            return new Group<>(key, items, completion);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, Group<String>> harness(
            long inactivity) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Grouper(inactivity)),
                        s -> s.split(":")[0],
                        Types.STRING);
        h.open();
        return h;
    }

    @Test
    void instancesBeyondTheLimitAreHandedToOverflowAndNotKept() throws Exception {
        Grouper.OVERFLOW.clear();
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Grouper(100, 2)),
                        (String x) -> x.split(":")[0],
                        Types.STRING);
        try (h) {
            h.open();
            h.setProcessingTime(0);
            h.processElement("s:1:", 0);
            h.processElement("s:2:", 0);
            h.processElement("s:3:", 0);
            assertThat(Grouper.OVERFLOW).containsExactly("s:3:/2");
            h.setProcessingTime(100);
            List<Group<String>> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).items()).containsExactly("s:1:", "s:2:");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void completesOnExpectedCountAndClearsStateAndTimers() throws Exception {
        try (var h = harness(5000)) {
            h.processElement("s1:1:3", 0);
            h.processElement("s2:1:", 0);
            h.processElement("s1:2:3", 0);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement("s1:3:3", 0);
            List<Group<String>> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).seriesKey()).isEqualTo("s1");
            assertThat(out.get(0).items()).containsExactly("s1:1:3", "s1:2:3", "s1:3:3");
            assertThat(out.get(0).completion()).isEqualTo(Completion.EXPECTED_COUNT_REACHED);
            // s2 still pending: its list, count and deadline, and one timer
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(3);
        }
    }

    @Test
    void completesAfterInactivityEachNewInstancePushingTheDeadlineBack() throws Exception {
        try (var h = harness(100)) {
            h.setProcessingTime(0);
            h.processElement("s:1:", 0);
            h.setProcessingTime(80);
            h.processElement("s:2:", 0); // deadline moves from 100 to 180
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(150);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(180);
            List<Group<String>> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).items()).containsExactly("s:1:", "s:2:");
            assertThat(out.get(0).completion()).isEqualTo(Completion.INACTIVITY_TIMEOUT);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
