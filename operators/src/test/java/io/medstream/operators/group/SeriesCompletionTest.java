package io.medstream.operators.group;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.operators.segment.TestFrames;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link SliceGroupFunction} closes a series (expected count, inactivity, instance limit) and
 * that it leaves no state or timer of a closed series behind.
 */
class SeriesCompletionTest {
    /** Dead letters of the group stage claim-check into this store above the threshold. */
    static final IngestSettings GROUP_SETTINGS = SliceGroupFunctionTest.GROUP_SETTINGS;

    static final ModelRef SEGMENTER = new ModelRef("samunet-tiny", "v2", "c".repeat(64));

    /** A slice of {@code series}; {@code expected} null when the sender did not say. */
    static SegmentedSlice slice(String series, int instance, Integer expected) {
        ScanEvent e =
                ScanEvent.newBuilder()
                        .setTraceId(series + "/" + instance)
                        .setStudyInstanceUid("1.2.3")
                        .setSeriesInstanceUid(series)
                        .setSopInstanceUid(series + "." + instance)
                        .setInstanceNumber(instance)
                        .setExpectedInstances(expected)
                        .setPatientKey("pk-17")
                        .setModality("CT")
                        .setRows(64)
                        .setColumns(64)
                        .setTransferSyntaxUid("")
                        .setSource("test")
                        .setIngestTimeMillis(Instant.ofEpochMilli(1000))
                        .setPayload(new InlinePayload(ByteBuffer.allocate(0), "application/dicom"))
                        .build();
        return new SegmentedSlice(
                TestFrames.ref(e), SegmentationResults.of(e, 0, List.of(), SEGMENTER, 2000));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SegmentedSlice, CompletedSeries>
            harness(long inactivity, int max) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new SliceGroupFunction(
                                        inactivity,
                                        max,
                                        Long.MAX_VALUE,
                                        GROUP_SETTINGS,
                                        ErrorStrategy.DEAD_LETTER)),
                        (SegmentedSlice s) -> s.getSlice().getSeriesInstanceUid(),
                        Types.STRING);
        h.open();
        return h;
    }

    private static List<String> sops(CompletedSeries s) {
        return s.getSlices().stream().map(x -> x.getSlice().getSopInstanceUid()).toList();
    }

    @Test
    void instancesBeyondTheLimitBecomeDeadLettersAndAreNotKept() throws Exception {
        try (var h = harness(100, 2)) {
            h.setProcessingTime(0);
            h.processElement(slice("s", 1, null), 0);
            h.processElement(slice("s", 2, null), 0);
            h.processElement(slice("s", 3, null), 0);
            List<DeadLetter> dead =
                    h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getTraceId()).isEqualTo("s/3");
            assertThat(dead.get(0).getReason()).isEqualTo("LIMIT_EXCEEDED");
            h.setProcessingTime(100);
            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(sops(out.get(0))).containsExactly("s.1", "s.2");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void completesOnExpectedCountAndClearsStateAndTimers() throws Exception {
        try (var h = harness(5000, Integer.MAX_VALUE)) {
            h.processElement(slice("s1", 1, 3), 0);
            h.processElement(slice("s2", 1, null), 0);
            h.processElement(slice("s1", 2, 3), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement(slice("s1", 3, 3), 0);
            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getSeriesInstanceUid()).isEqualTo("s1");
            assertThat(sops(out.get(0))).containsExactly("s1.1", "s1.2", "s1.3");
            assertThat(out.get(0).getCompletion())
                    .isEqualTo(SeriesCompletion.EXPECTED_COUNT_REACHED);
            // s2 still pending: its list, count, byte total and deadline, and one timer
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(4);
        }
    }

    @Test
    void completesAfterInactivityEachNewInstancePushingTheDeadlineBack() throws Exception {
        try (var h = harness(100, Integer.MAX_VALUE)) {
            h.setProcessingTime(0);
            h.processElement(slice("s", 2, null), 0);
            h.setProcessingTime(80);
            h.processElement(slice("s", 1, null), 0); // deadline moves from 100 to 180
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(150);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(180);
            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            // emitted in instance-number order, not arrival order
            assertThat(sops(out.get(0))).containsExactly("s.1", "s.2");
            assertThat(out.get(0).getCompletion()).isEqualTo(SeriesCompletion.INACTIVITY_TIMEOUT);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
