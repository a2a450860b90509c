package io.medstream.operators.draft;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import io.medstream.operators.control.ModelServingBatchFunction;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestTestSettings;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The draft stage with the shipped report models, in Flink's keyed-broadcast harness. */
class DraftFunctionHarnessTest {
    @TempDir Path tmp;

    @BeforeAll
    static void oneTorchThread() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    /** Fixture factory: a series whose slices carry {@code payload} as their DICOM file. */
    static CompletedSeries series(String uid, byte[] payload, String... traces) {
        List<SegmentedSlice> slices =
                Arrays.stream(traces)
                        .map(
                                t -> {
                                    ScanEvent e =
                                            ScanEvent.newBuilder()
                                                    .setTraceId(t)
                                                    .setStudyInstanceUid("1.2")
                                                    .setSeriesInstanceUid(uid)
                                                    .setSopInstanceUid(uid + "." + t)
                                                    .setPatientKey("")
                                                    .setModality("CT")
                                                    .setRows(64)
                                                    .setColumns(64)
                                                    .setTransferSyntaxUid("")
                                                    .setSource("test")
                                                    .setIngestTimeMillis(Instant.EPOCH)
                                                    .setPayload(
                                                            new InlinePayload(
                                                                    ByteBuffer.wrap(payload),
                                                                    "application/dicom"))
                                                    .build();
                                    return new SegmentedSlice(
                                            e,
                                            SegmentationResults.of(
                                                    e,
                                                    0,
                                                    List.of(),
                                                    new ModelRef("m", "v", "s"),
                                                    0));
                                })
                        .toList();
        return new CompletedSeries("1.2", uid, SeriesCompletion.EXPECTED_COUNT_REACHED, slices);
    }

    KeyedBroadcastOperatorTestHarness<Integer, CompletedSeries, ModelControl, StudyReport> harness()
            throws Exception {
        DraftSettings settings =
                new DraftSettings(
                        true,
                        2,
                        1,
                        500,
                        IngestTestSettings.create(tmp.resolve("blobs")),
                        ErrorStrategy.DEAD_LETTER);
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new DraftFunction(settings),
                s -> 0,
                Types.INT,
                ModelServingBatchFunction.ACTIVE_MODELS);
    }

    private static List<DeadLetter> deadLetters(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aSeriesWithoutOneReadableSliceIsOneDeadLetterAndNoReport() throws Exception {
        byte[] garbage = "not a DICOM file".getBytes(StandardCharsets.UTF_8);
        try (var h = harness()) {
            h.processElement(series("1.2.3", garbage, "a", "b"), 0); // batch of 1: flushed now
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getStage()).isEqualTo(DraftFunction.STAGE);
            assertThat(dead.get(0).getReason()).isEqualTo("UNREADABLE_SERIES");
            assertThat(dead.get(0).getTraceId()).isEqualTo("a");
            assertThat(h.getSideOutput(DraftFunction.PREFERENCE_PAIRS)).isNullOrEmpty();
        }
    }
}
