package io.medstream.operators.group;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.deadletter.StageFailureException;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.ingest.IngestTestSettings;
import io.medstream.operators.io.AvroRecords;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group stage in Flink's keyed harness: completion by count or inactivity, cleanup, limit. */
class SliceGroupFunctionTest {
    /** Dead letters of the group stage claim-check into this store above the threshold. */
    static final IngestSettings GROUP_SETTINGS = groupSettings();

    private static IngestSettings groupSettings() {
        try {
            return IngestTestSettings.create(Files.createTempDirectory("group-blobs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final long INACTIVITY_MS = 1_000;

    /** Fixture factory: one segmented slice of a series (the only place that builds records). */
    static SegmentedSlice slice(String series, String trace, Integer instance, Integer expected) {
        ScanEvent e =
                ScanEvent.newBuilder()
                        .setTraceId(trace)
                        .setStudyInstanceUid("1.2")
                        .setSeriesInstanceUid(series)
                        .setSopInstanceUid(series + "." + trace)
                        .setInstanceNumber(instance)
                        .setExpectedInstances(expected)
                        .setPatientKey("")
                        .setModality("CT")
                        .setRows(8)
                        .setColumns(8)
                        .setTransferSyntaxUid("")
                        .setSource("test")
                        .setIngestTimeMillis(Instant.EPOCH)
                        .setPayload(new InlinePayload(ByteBuffer.wrap(new byte[0]), "x"))
                        .build();
        return new SegmentedSlice(
                TestFrames.ref(e),
                SegmentationResults.of(e, 0, List.of(), new ModelRef("m", "v", "s"), 0));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SegmentedSlice, CompletedSeries> harness(
            int maxInstances) throws Exception {
        return harness(maxInstances, ErrorStrategy.DEAD_LETTER);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SegmentedSlice, CompletedSeries> harness(
            int maxInstances, ErrorStrategy strategy) throws Exception {
        return harness(maxInstances, Long.MAX_VALUE, strategy);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SegmentedSlice, CompletedSeries> harness(
            int maxInstances, long maxStateBytes, ErrorStrategy strategy) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new SliceGroupFunction(
                                        INACTIVITY_MS,
                                        maxInstances,
                                        maxStateBytes,
                                        GROUP_SETTINGS,
                                        strategy)),
                        s -> s.getSlice().getSeriesInstanceUid().toString(),
                        Types.STRING);
        h.open();
        return h;
    }

    private static List<String> traces(CompletedSeries s) {
        return s.getSlices().stream().map(x -> x.getSlice().getTraceId().toString()).toList();
    }

    private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    /**
     * The byte bound: every fixture slice encodes to the same size, so a bound of two and a half
     * slices keeps exactly two; the third becomes a dead letter that names the limit, and after the
     * series is emitted the next one starts from zero bytes.
     */
    @Test
    void aSliceThatWouldPassTheStateByteBoundIsADeadLetterAndTheBoundIsPerSeries()
            throws Exception {
        long size = AvroRecords.encode(slice("s7", "a", 1, null)).length;
        assertThat(AvroRecords.encode(slice("s7", "c", 3, null)).length).isEqualTo(size);
        try (var h = harness(100, size * 5 / 2, ErrorStrategy.DEAD_LETTER)) {
            h.processElement(slice("s7", "a", 1, null), 0);
            h.processElement(slice("s7", "b", 2, null), 0);
            h.processElement(slice("s7", "c", 3, null), 0);
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getReason()).isEqualTo("LIMIT_EXCEEDED");
            assertThat(dead.get(0).getTraceId()).isEqualTo("c");
            assertThat(dead.get(0).getMessage())
                    .isEqualTo(
                            "series holds "
                                    + 2 * size
                                    + " bytes; this instance's "
                                    + size
                                    + " would pass medstream.series.max-state-bytes ("
                                    + size * 5 / 2
                                    + "); it is not in its report");

            h.setProcessingTime(2 * INACTIVITY_MS);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(traces(h.extractOutputValues().get(0))).containsExactly("a", "b");
            assertThat(h.numKeyedStateEntries()).isZero();

            h.processElement(slice("s7", "d", 4, null), 0); // a new group of the same series
            h.processElement(slice("s7", "e", 5, null), 0);
            assertThat(deadLetters(h)).hasSize(1);
            h.setProcessingTime(4 * INACTIVITY_MS);
            assertThat(traces(h.extractOutputValues().get(1))).containsExactly("d", "e");
        }
    }

    @Test
    void ignoreLeavesAnOverflowingSliceOutWithoutADeadLetter() throws Exception {
        try (var h = harness(2, ErrorStrategy.IGNORE)) {
            h.processElement(slice("s9", "a", 1, null), 0);
            h.processElement(slice("s9", "b", 2, null), 0);
            h.processElement(slice("s9", "c", 3, null), 0);
            h.setProcessingTime(2 * INACTIVITY_MS);

            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(traces(h.extractOutputValues().get(0))).containsExactly("a", "b");
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void failoverFailsTheTaskOnAnOverflowingSliceAndKeepsTheSeriesState() throws Exception {
        try (var h = harness(1, ErrorStrategy.FAILOVER)) {
            h.processElement(slice("s8", "a", 1, null), 0);
            assertThatThrownBy(() -> h.processElement(slice("s8", "b", 2, null), 0))
                    .isInstanceOfSatisfying(
                            StageFailureException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeadLetterReason.Group.LIMIT_EXCEEDED));
            assertThat(deadLetters(h)).isEmpty();
            h.setProcessingTime(2 * INACTIVITY_MS);
            assertThat(traces(h.extractOutputValues().get(0))).containsExactly("a");
        }
    }

    @Test
    void emitsOnceWhenTheExpectedCountIsReachedInInstanceOrderAndCleansUp() throws Exception {
        try (var h = harness(100)) {
            h.processElement(slice("s1", "c", 3, 3), 0);
            h.processElement(slice("s1", "a", 1, 3), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1); // one pending deadline per key
            h.processElement(slice("s1", "b", 2, 3), 0);

            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getSeriesInstanceUid().toString()).isEqualTo("s1");
            assertThat(out.get(0).getCompletion())
                    .isEqualTo(SeriesCompletion.EXPECTED_COUNT_REACHED);
            assertThat(traces(out.get(0))).containsExactly("a", "b", "c");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();

            h.setProcessingTime(10 * INACTIVITY_MS); // no late second emission
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void anIncompleteSeriesIsEmittedOnItsInactivityTimerWhichEachSliceDefers() throws Exception {
        try (var h = harness(100)) {
            h.processElement(slice("s2", "a", 1, null), 0);
            h.setProcessingTime(INACTIVITY_MS - 100);
            h.processElement(slice("s2", "b", null, null), 0); // no instance number: last
            h.processElement(slice("s2", "c", 2, 5), 0); // 3 of 5: still incomplete
            h.setProcessingTime(INACTIVITY_MS + 100); // first deadline passed, but was deferred
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(2 * INACTIVITY_MS - 100);
            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getCompletion()).isEqualTo(SeriesCompletion.INACTIVITY_TIMEOUT);
            assertThat(traces(out.get(0))).containsExactly("a", "c", "b");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void slicesOverTheInstanceLimitBecomeDeadLettersAndStayOutOfTheSeries() throws Exception {
        try (var h = harness(2)) {
            h.processElement(slice("s3", "a", 1, null), 0);
            h.processElement(slice("s3", "b", 2, null), 0);
            h.processElement(slice("s3", "c", 3, null), 0);
            h.processElement(slice("s4", "x", 1, 1), 0); // other series unaffected

            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getStage()).isEqualTo(SliceGroupFunction.STAGE);
            assertThat(dead.get(0).getReason()).isEqualTo("LIMIT_EXCEEDED");
            assertThat(dead.get(0).getTraceId()).isEqualTo("c");
            assertThat(dead.get(0).getMessage()).contains("medstream.series.max-instances");

            h.setProcessingTime(INACTIVITY_MS);
            List<CompletedSeries> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(s -> s.getSeriesInstanceUid().toString())
                    .containsExactly("s4", "s3");
            assertThat(traces(out.get(1))).containsExactly("a", "b");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
