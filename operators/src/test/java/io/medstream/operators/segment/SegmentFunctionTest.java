package io.medstream.operators.segment;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.DicomWriter;
import io.medstream.dicom.Tag;
import io.medstream.dicom.VR;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.samunet.serving.SegmentationService;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.ingest.IngestTestSettings;
import io.medstream.operators.serving.AsyncHarness;
import io.medstream.operators.serving.ServingSettings;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SegmentedStructure;
import io.medstream.schemas.internal.SegmentOutcome;
import io.medstream.schemas.internal.SegmentRequest;
import io.medstream.schemas.internal.SegmentedSlice;
import io.medstream.training.samunet.eval.DiceStats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The segment stage with the shipped tiny model, in Flink's async wait operator (unordered). */
class SegmentFunctionTest {
    private static final long SEED = 31L;
    private static final int BATCH = 3;

    /** Long: the batches of these tests are cut by size, so each is one encoder batch. */
    private static final long MAX_DELAY_MS = 30_000;

    /** Phantom slices carry up to 9 box prompts (organs and lesions). */
    private static final int MAX_PROMPTS = 16;

    @TempDir Path tmp;

    @BeforeAll
    static void oneTorchThread() {
        // the build machine is small and shared: one libtorch thread per test JVM
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    @Test
    void aCorruptImageInABatchCostsOnlyItsOwnRecord() throws Exception {
        PhantomGenerator generator = new PhantomGenerator();
        PhantomSlice a = generator.generate(SEED, 0);
        PhantomSlice b = generator.generate(SEED, 1);
        byte[] good = PhantomDicom.encode(generator.generate(SEED, 2));
        ScanEvent first = event("a", a, PhantomDicom.encode(a), boxes(a));
        ScanEvent bad =
                event("bad", a, Arrays.copyOf(good, good.length / 3), boxes(a)); // truncated file
        ScanEvent second = event("b", b, PhantomDicom.encode(b), boxes(b));
        ModelVersion shipped = SegmentationService.shippedVersion();

        try (var h = harness(shipped, MAX_DELAY_MS)) {
            h.processElement(request(first), 0);
            h.processElement(request(bad), 0);
            h.processElement(request(second), 0); // the third request fills the batch
            h.endInput();
            List<SegmentedSlice> out = slices(h);
            List<Double> dices = new ArrayList<>();

            assertThat(out).extracting(s -> s.getResult().getTraceId()).containsExactly("a", "b");
            for (int i = 0; i < 2; i++) {
                PhantomSlice slice = i == 0 ? a : b;
                SegmentationResult r = out.get(i).getResult();
                assertThat(r.getRows()).isEqualTo(slice.rows());
                assertThat(r.getColumns()).isEqualTo(slice.columns());
                assertThat(r.getModel().getName()).isEqualTo(shipped.name());
                assertThat(r.getModel().getVersion()).isEqualTo(shipped.version());
                assertThat(r.getModel().getSha256()).isEqualTo(shipped.sha256());
                // one structure per box prompt, in prompt order, labelled like it, with a mask of
                // the image size
                List<BoxPrompt> prompts = boxes(slice);
                assertThat(r.getStructures()).hasSize(prompts.size());
                for (int k = 0; k < prompts.size(); k++) {
                    SegmentedStructure st = r.getStructures().get(k);
                    assertThat(st.getPrompt()).isEqualTo(prompts.get(k));
                    assertThat(st.getLabel()).isEqualTo(prompts.get(k).getLabel());
                    assertThat(st.getMask().getRows()).isEqualTo(slice.rows());
                    assertThat(st.getMask().getColumns()).isEqualTo(slice.columns());
                    assertThat(RleMasks.decode(st.getMask()))
                            .hasSize(slice.rows() * slice.columns());
                }
                // against phantom ground truth: Dice of each mask with its structure's true mask
                List<PhantomTargets.Target> truth = PhantomTargets.targets(slice);
                for (int k = 0; k < truth.size(); k++) {
                    dices.add(
                            DiceStats.dice(
                                    RleMasks.decode(r.getStructures().get(k).getMask()),
                                    truth.get(k).mask()));
                }
            }
            System.out.println("SegmentFunctionTest Dice per structure: " + dices);
            // the shipped tiny model reaches mean Dice ~0.9 with box prompts
            assertThat(DiceStats.mean(dices)).isGreaterThanOrEqualTo(0.8);
            assertThat(dices).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(0.6));

            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getStage()).isEqualTo(SegmentFunction.STAGE);
            assertThat(dead.get(0).getTraceId()).isEqualTo("bad");
            assertThat(dead.get(0).getReason()).isEqualTo("TRUNCATED");
        }
    }

    /**
     * A 1×1000 image decodes and its box is valid, but SAM-UNet's resize-longest-side makes it 0
     * rows high, so the encoder batch it is in fails as a whole: the stage must retry the batch one
     * scan at a time, dead-letter only the thin one and segment the others as if alone.
     */
    @Test
    void aBatchThatFailsAsAWholeIsRetriedScanByScan() throws Exception {
        PhantomGenerator generator = new PhantomGenerator();
        PhantomSlice a = generator.generate(SEED, 4);
        PhantomSlice b = generator.generate(SEED, 5);
        ScanEvent thin =
                ScanEvent.newBuilder(event("thin", a, thinDicom(1000), List.of()))
                        .setRows(1)
                        .setColumns(1000)
                        .setBoxes(List.of(new BoxPrompt(10f, 0f, 500f, 1f, "strip")))
                        .build();
        try (var h = harness(SegmentationService.shippedVersion(), MAX_DELAY_MS)) {
            h.processElement(request(event("a", a, PhantomDicom.encode(a), boxes(a))), 0);
            h.processElement(request(thin), 0);
            h.processElement(request(event("b", b, PhantomDicom.encode(b), boxes(b))), 0);
            h.endInput();

            List<SegmentedSlice> out = slices(h);
            assertThat(out).extracting(x -> x.getResult().getTraceId()).containsExactly("a", "b");
            for (int i = 0; i < 2; i++) {
                PhantomSlice slice = i == 0 ? a : b;
                List<PhantomTargets.Target> truth = PhantomTargets.targets(slice);
                List<SegmentedStructure> got = out.get(i).getResult().getStructures();
                assertThat(got).hasSize(truth.size());
                List<Double> dices = new ArrayList<>();
                for (int k = 0; k < truth.size(); k++) {
                    dices.add(
                            DiceStats.dice(
                                    RleMasks.decode(got.get(k).getMask()), truth.get(k).mask()));
                }
                assertThat(DiceStats.mean(dices)).isGreaterThanOrEqualTo(0.8);
            }
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getTraceId()).isEqualTo("thin");
            assertThat(dead.get(0).getReason()).isEqualTo("UNSUPPORTED_IMAGE");
            assertThat(dead.get(0).getMessage()).contains("inconsistent geometry 1x1000");
        }
    }

    /** A valid single-row CT image, {@code cols} wide, with the identification a scan needs. */
    private static byte[] thinDicom(int cols) {
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.putString(Tag.SOP_INSTANCE_UID, VR.UI, "1.2.3.9");
        ds.putString(Tag.STUDY_INSTANCE_UID, VR.UI, "1.2");
        ds.putString(Tag.SERIES_INSTANCE_UID, VR.UI, "1.2.3");
        ds.putString(Tag.MODALITY, VR.CS, "CT");
        ds.putInt(Tag.ROWS, VR.US, 1);
        ds.putInt(Tag.COLUMNS, VR.US, cols);
        ds.putInt(Tag.SAMPLES_PER_PIXEL, VR.US, 1);
        ds.putString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
        ds.putInt(Tag.BITS_ALLOCATED, VR.US, 16);
        ds.putInt(Tag.BITS_STORED, VR.US, 16);
        ds.putInt(Tag.HIGH_BIT, VR.US, 15);
        ds.putInt(Tag.PIXEL_REPRESENTATION, VR.US, 0);
        short[] px = new short[cols];
        for (int i = 0; i < cols; i++) {
            px[i] = (short) (i % 200);
        }
        ds.putShorts(Tag.PIXEL_DATA, px);
        return DicomWriter.write(ds);
    }

    /**
     * Decode once: an event with a frame reference is segmented from that frame (its DICOM bytes
     * are never parsed: here they are garbage), and a frame that fails its checksum is one claim-
     * check dead letter.
     */
    @Test
    void theStageReadsTheDecodedFrameByReferenceAndNeverTheDicom() throws Exception {
        PhantomGenerator generator = new PhantomGenerator();
        PhantomSlice a = generator.generate(SEED, 6);
        PhantomSlice b = generator.generate(SEED, 7);
        byte[] garbage = "not DICOM".getBytes(StandardCharsets.UTF_8);
        ClaimCheck frameA;
        ClaimCheck tampered;
        try (BlobStore store = new LocalBlobStore(tmp.resolve("blobs"))) {
            frameA = FrameBlobs.put(store, decoded(a));
            ClaimCheck frameB = FrameBlobs.put(store, decoded(b));
            tampered = ClaimCheck.newBuilder(frameB).setSha256("ab".repeat(32)).build();
        }
        ScanEvent byRef =
                ScanEvent.newBuilder(event("ref", a, garbage, boxes(a))).setFrame(frameA).build();
        ScanEvent bad =
                ScanEvent.newBuilder(event("tampered", b, garbage, boxes(b)))
                        .setFrame(tampered)
                        .build();
        try (var h = harness(SegmentationService.shippedVersion(), 200)) {
            h.processElement(request(byRef), 0);
            h.processElement(request(bad), 0);
            h.endInput();
            List<SegmentedSlice> out = slices(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getSlice().getFrame()).isEqualTo(frameA); // the state's reference
            List<PhantomTargets.Target> truth = PhantomTargets.targets(a);
            List<Double> dices = new ArrayList<>();
            for (int k = 0; k < truth.size(); k++) {
                dices.add(
                        DiceStats.dice(
                                RleMasks.decode(
                                        out.get(0).getResult().getStructures().get(k).getMask()),
                                truth.get(k).mask()));
            }
            assertThat(DiceStats.mean(dices)).isGreaterThanOrEqualTo(0.8);
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getTraceId()).isEqualTo("tampered");
            assertThat(dead.get(0).getReason()).isEqualTo("CLAIM_CHECK");
            assertThat(dead.get(0).getMessage()).contains("sha256 mismatch");
        }
    }

    private static ScanImage decoded(PhantomSlice s) {
        return ScanImage.middleFrame(
                DicomReader.read(PhantomDicom.encode(s), DicomLimits.defaults()));
    }

    @Test
    void aScanWithoutPromptsGoesThroughTheAutomaticMode() throws Exception {
        PhantomSlice s = new PhantomGenerator().generate(SEED, 3);
        ModelVersion shipped = SegmentationService.shippedVersion();
        try (var h = harness(shipped, 200)) { // a partial batch, cut by its delay
            h.processElement(request(event("auto", s, PhantomDicom.encode(s), List.of())), 0);
            h.endInput();
            List<SegmentedSlice> out = slices(h);

            assertThat(out).hasSize(1);
            SegmentationResult r = out.get(0).getResult();
            assertThat(r.getTraceId()).isEqualTo("auto");
            assertThat(r.getStructures())
                    .isNotEmpty()
                    .allSatisfy(
                            st -> {
                                assertThat(st.getLabel()).isNull();
                                assertThat(st.getPrompt().getLabel()).isEqualTo("auto");
                                assertThat(st.getMask().getRows()).isEqualTo(s.rows());
                                assertThat(st.getMask().getColumns()).isEqualTo(s.columns());
                                assertThat(st.getAreaPixels()).isPositive();
                            });
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    private OneInputStreamOperatorTestHarness<SegmentRequest, SegmentOutcome> harness(
            ModelVersion shipped, long maxDelayMillis) throws Exception {
        SegmentSettings settings =
                new SegmentSettings(
                        shipped,
                        new ServingSettings(1, BATCH, maxDelayMillis, 600_000),
                        MAX_PROMPTS,
                        IngestTestSettings.create(tmp.resolve("blobs")),
                        true,
                        ErrorStrategy.DEAD_LETTER);
        return AsyncHarness.open(
                new SegmentFunction(settings),
                new AvroTypeInfo<>(SegmentRequest.class),
                settings.serving().timeoutMillis(),
                settings.serving().capacity());
    }

    /** As the router sends it when no version was announced. */
    private static SegmentRequest request(ScanEvent e) {
        return new SegmentRequest(e, null);
    }

    /** The segmented slices, by trace id (the stage answers out of order). */
    private static List<SegmentedSlice> slices(
            OneInputStreamOperatorTestHarness<?, SegmentOutcome> h) {
        return h.extractOutputValues().stream()
                .map(SegmentOutcome::getSlice)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(x -> x.getResult().getTraceId()))
                .toList();
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<?, SegmentOutcome> h) {
        return h.extractOutputValues().stream().flatMap(o -> o.getDeadLetters().stream()).toList();
    }

    /**
     * One box per organ and lesion, as a gateway sends them (the tight box of the structure,
     * labelled).
     */
    private static List<BoxPrompt> boxes(PhantomSlice slice) {
        List<BoxPrompt> out = new ArrayList<>();
        for (PhantomTargets.Target t : PhantomTargets.targets(slice)) {
            int[] b = t.box();
            out.add(
                    new BoxPrompt(
                            (float) b[0], (float) b[1], (float) b[2], (float) b[3], t.name()));
        }
        return out;
    }

    private static ScanEvent event(
            String trace, PhantomSlice s, byte[] dicom, List<BoxPrompt> boxes) {
        return ScanEvent.newBuilder()
                .setTraceId(trace)
                .setStudyInstanceUid("1.2")
                .setSeriesInstanceUid("1.2.3")
                .setSopInstanceUid("1.2.3." + trace)
                .setPatientKey("")
                .setModality(s.modality().name())
                .setRows(s.rows())
                .setColumns(s.columns())
                .setTransferSyntaxUid("")
                .setSource("test")
                .setIngestTimeMillis(Instant.EPOCH)
                .setBoxes(boxes)
                .setPayload(new InlinePayload(ByteBuffer.wrap(dicom), "application/dicom"))
                .build();
    }
}
