package io.medstream.operators.draft;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.fhir.DiagnosticReports;
import io.medstream.operators.ingest.IngestTestSettings;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.operators.serving.AsyncHarness;
import io.medstream.operators.serving.ServingSettings;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.DraftOutcome;
import io.medstream.schemas.internal.DraftRequest;
import io.medstream.schemas.internal.SegmentedSlice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The draft stage with the shipped report models, in Flink's async wait operator (unordered). */
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

    OneInputStreamOperatorTestHarness<DraftRequest, DraftOutcome> harness() throws Exception {
        DraftSettings settings =
                new DraftSettings(
                        true,
                        2,
                        new ServingSettings(1, 1, 0, 600_000),
                        IngestTestSettings.create(tmp.resolve("blobs")),
                        ErrorStrategy.DEAD_LETTER);
        return AsyncHarness.open(
                new DraftFunction(settings),
                new AvroTypeInfo<>(DraftRequest.class),
                settings.serving().timeoutMillis(),
                settings.serving().capacity());
    }

    /** Sends one series as the router does when no version was announced; waits for its answer. */
    private static void draft(
            OneInputStreamOperatorTestHarness<DraftRequest, DraftOutcome> h, CompletedSeries s)
            throws Exception {
        h.processElement(new DraftRequest(s, null), 0);
        h.endInput();
    }

    private static List<StudyReport> reports(OneInputStreamOperatorTestHarness<?, DraftOutcome> h) {
        return h.extractOutputValues().stream()
                .map(DraftOutcome::getReport)
                .filter(Objects::nonNull)
                .toList();
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<?, DraftOutcome> h) {
        return h.extractOutputValues().stream().flatMap(o -> o.getDeadLetters().stream()).toList();
    }

    private static List<PreferencePair> pairs(
            OneInputStreamOperatorTestHarness<?, DraftOutcome> h) {
        return h.extractOutputValues().stream().flatMap(o -> o.getPairs().stream()).toList();
    }

    /** Fixture factory: a series of phantom slices, each with its own DICOM file and SOP UID. */
    static CompletedSeries phantomSeries(String uid, List<PhantomSlice> phantoms) {
        List<SegmentedSlice> slices = new ArrayList<>();
        for (int i = 0; i < phantoms.size(); i++) {
            PhantomSlice p = phantoms.get(i);
            ScanEvent e =
                    ScanEvent.newBuilder(
                                    series(uid, PhantomDicom.encode(p), "t" + i)
                                            .getSlices()
                                            .get(0)
                                            .getScan())
                            .setSopInstanceUid(p.sopInstanceUid())
                            .setInstanceNumber(i + 1)
                            .setRows(p.rows())
                            .setColumns(p.columns())
                            .build();
            slices.add(
                    new SegmentedSlice(
                            e,
                            SegmentationResults.of(
                                    e, 0, List.of(), new ModelRef("sam", "s1", "ab"), 0)));
        }
        return new CompletedSeries("1.2", uid, SeriesCompletion.EXPECTED_COUNT_REACHED, slices);
    }

    private static List<PhantomSlice> phantoms(int n) {
        PhantomGenerator g = new PhantomGenerator();
        List<PhantomSlice> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.generate(77L, i));
        }
        return out;
    }

    /**
     * Five slices, {@code max-slices} 2: the drafter reads the centres of the two halves (indices 1
     * and 3), every output carries the serving drafter's identity, pairs are stamped with it and
     * the same series drafts to the same report and pairs in a fresh operator.
     */
    @Test
    void samplesEvenlyStampsEveryOutputAndIsDeterministic() throws Exception {
        List<PhantomSlice> ps = phantoms(5);
        Set<String> read = Set.of(ps.get(1).sopInstanceUid(), ps.get(3).sopInstanceUid());
        ModelVersion drafter = ReportLoader.shippedVersion();

        StudyReport first;
        List<PreferencePair> firstPairs;
        try (var h = harness()) {
            draft(h, phantomSeries("1.2.9", ps));
            assertThat(deadLetters(h)).isEmpty();
            assertThat(reports(h)).hasSize(1);
            first = reports(h).get(0);
            firstPairs = pairs(h);
        }
        assertThat(first.getSeriesInstanceUid()).isEqualTo("1.2.9");
        assertThat(first.getInstanceCount()).isEqualTo(5);
        assertThat(first.getDrafterModel().getName()).isEqualTo(drafter.name());
        assertThat(first.getDrafterModel().getVersion()).isEqualTo(drafter.version());
        assertThat(first.getDrafterModel().getSha256()).isEqualTo(drafter.sha256());
        assertThat(first.getSegmentationModel().getVersion()).isEqualTo("s1");
        assertThat(first.getCsrIteration()).isZero();
        assertThat(first.getSentences()).isNotEmpty();
        assertThat(first.getFindings())
                .allSatisfy(f -> assertThat(f.getSopInstanceUid()).isIn(read));
        assertThat(first.getFhirDiagnosticReport())
                .isEqualTo(
                        DiagnosticReports.toJson(
                                StudyReport.newBuilder(first)
                                        .setFhirDiagnosticReport(null)
                                        .build()));

        assertThat(firstPairs).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        for (PreferencePair p : firstPairs) {
            assertThat(p.getSopInstanceUid()).isIn(read);
            assertThat(p.getSeriesInstanceUid()).isEqualTo("1.2.9");
            assertThat(p.getDrafterModel()).isEqualTo(first.getDrafterModel());
            // pairs from the base drafter are the training data of DPO iteration 1
            assertThat(p.getIteration()).isEqualTo(1);
            assertThat(p.getChosen()).isNotEqualTo(p.getRejected());
            // event time (the series' last ingest), so a replay writes the same pair
            assertThat(p.getCreatedTimeMillis()).isEqualTo(Instant.EPOCH);
        }

        try (var h = harness()) {
            draft(h, phantomSeries("1.2.9", ps));
            StudyReport again = reports(h).get(0);
            assertThat(again.getText()).isEqualTo(first.getText());
            assertThat(again.getSentences()).isEqualTo(first.getSentences());
            assertThat(again.getReportId()).isEqualTo(first.getReportId());
            assertThat(pairs(h)).isEqualTo(firstPairs);
        }
    }

    /** An unreadable slice is left out of its series' report; the series is still reported. */
    @Test
    void anUnreadableSliceIsLeftOutAndTheRestIsReported() throws Exception {
        List<PhantomSlice> ps = phantoms(2);
        CompletedSeries s = phantomSeries("1.2.8", ps);
        SegmentedSlice broken = s.getSlices().get(0);
        broken.getScan()
                .setPayload(
                        new InlinePayload(
                                ByteBuffer.wrap("garbage".getBytes(StandardCharsets.UTF_8)),
                                "application/dicom"));
        try (var h = harness()) {
            draft(h, s);
            assertThat(deadLetters(h)).isEmpty();
            assertThat(reports(h)).hasSize(1);
            assertThat(pairs(h))
                    .allSatisfy(
                            p ->
                                    assertThat(p.getSopInstanceUid())
                                            .isEqualTo(ps.get(1).sopInstanceUid()));
        }
    }

    @Test
    void aSeriesWithoutOneReadableSliceIsOneDeadLetterAndNoReport() throws Exception {
        byte[] garbage = "not a DICOM file".getBytes(StandardCharsets.UTF_8);
        try (var h = harness()) {
            draft(h, series("1.2.3", garbage, "a", "b"));
            assertThat(reports(h)).isEmpty();
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getStage()).isEqualTo(DraftFunction.STAGE);
            assertThat(dead.get(0).getReason()).isEqualTo("UNREADABLE_SERIES");
            assertThat(dead.get(0).getTraceId()).isEqualTo("a");
            assertThat(pairs(h)).isEmpty();
        }
    }
}
