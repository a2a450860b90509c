package io.medstream.operators.draft;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.fhir.DiagnosticReports;
import io.medstream.operators.ingest.IngestTestSettings;
import io.medstream.operators.segment.ScanImages;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.operators.segment.TestFrames;
import io.medstream.operators.serving.AsyncHarness;
import io.medstream.operators.serving.ServingSettings;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.ClaimCheck;
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

    /** A scan event of the series (identifiers only: the draft stage reads frames). */
    private static ScanEvent event(String uid, String trace, String sop, int instance, int size) {
        return ScanEvent.newBuilder()
                .setTraceId(trace)
                .setStudyInstanceUid("1.2")
                .setSeriesInstanceUid(uid)
                .setSopInstanceUid(sop)
                .setInstanceNumber(instance)
                .setPatientKey("")
                .setModality("CT")
                .setRows(size)
                .setColumns(size)
                .setTransferSyntaxUid("")
                .setSource("test")
                .setIngestTimeMillis(Instant.EPOCH)
                .setPayload(new InlinePayload(ByteBuffer.allocate(0), "application/dicom"))
                .build();
    }

    private static SegmentedSlice slice(ScanEvent e, ClaimCheck frame) {
        return new SegmentedSlice(
                ScanImages.ref(e, frame),
                SegmentationResults.of(e, 0, List.of(), new ModelRef("sam", "s1", "ab"), 0));
    }

    /** A series whose slices refer to frames that are not in the blob store. */
    static CompletedSeries unreadableSeries(String uid, String... traces) {
        List<SegmentedSlice> slices = new ArrayList<>();
        for (int i = 0; i < traces.length; i++) {
            slices.add(
                    slice(event(uid, traces[i], uid + "." + i, i + 1, 64), TestFrames.NOT_STORED));
        }
        return new CompletedSeries("1.2", uid, SeriesCompletion.EXPECTED_COUNT_REACHED, slices);
    }

    /**
     * A series of phantom slices as the group stage emits it: each slice refers to its frame,
     * decoded from its DICOM file into the test's blob store as the parse stage does.
     */
    CompletedSeries phantomSeries(String uid, List<PhantomSlice> phantoms) throws Exception {
        List<SegmentedSlice> slices = new ArrayList<>();
        try (BlobStore store = new LocalBlobStore(tmp.resolve("blobs"))) {
            for (int i = 0; i < phantoms.size(); i++) {
                PhantomSlice p = phantoms.get(i);
                ScanImage frame =
                        ScanImage.middleFrame(
                                DicomReader.read(PhantomDicom.encode(p), DicomLimits.defaults()));
                ScanEvent e = event(uid, "t" + i, p.sopInstanceUid(), i + 1, p.rows());
                slices.add(slice(e, FrameBlobs.put(store, frame)));
            }
        }
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
        try (BlobStore store = new LocalBlobStore(tmp.resolve("blobs"))) {
            // a blob that passes its checksum but is no frame
            broken.getSlice()
                    .setFrame(
                            store.put(
                                    "garbage".getBytes(StandardCharsets.UTF_8),
                                    FrameBlobs.MEDIA_TYPE));
        }
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
        try (var h = harness()) {
            draft(h, unreadableSeries("1.2.3", "a", "b"));
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
