package io.medstream.operators.ingest;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.deadletter.StageFailureException;
import io.medstream.operators.io.RawRecord;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parse function in Flink's operator harness: main output, dead-letter side output,
 * determinism.
 */
class ParseScanFunctionTest {

    @TempDir Path tmp;

    private OneInputStreamOperatorTestHarness<RawRecord, ScanEvent> harness() throws Exception {
        return harness(ErrorStrategy.DEAD_LETTER);
    }

    private OneInputStreamOperatorTestHarness<RawRecord, ScanEvent> harness(ErrorStrategy strategy)
            throws Exception {
        IngestSettings settings = IngestTestSettings.create(tmp.resolve("blobs"));
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ParseScanFunction(settings, strategy)));
        h.open();
        return h;
    }

    private static StreamRecord<RawRecord> record(long offset, byte[] value) {
        return new StreamRecord<>(
                new RawRecord(IngestTestSettings.DICOM_TOPIC, 0, offset, 1000L, null, value),
                1000L);
    }

    @Test
    void ignoreDropsABadRecordWithoutADeadLetterAndTheGoodOnesGoOn() throws Exception {
        byte[] dicom = PhantomDicom.encode(new PhantomGenerator().generate(11, 0));
        try (var h = harness(ErrorStrategy.IGNORE)) {
            h.processElement(record(1, Arrays.copyOf(dicom, 300)));
            h.processElement(record(2, "not dicom".getBytes(StandardCharsets.UTF_8)));
            h.processElement(record(3, dicom));

            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.extractOutputValues().get(0).getSource()).endsWith("@3");
            assertThat(h.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
        }
    }

    @Test
    void failoverFailsTheTaskOnABadRecordNamingStageAndReason() throws Exception {
        byte[] dicom = PhantomDicom.encode(new PhantomGenerator().generate(11, 0));
        try (var h = harness(ErrorStrategy.FAILOVER)) {
            h.processElement(record(1, dicom));
            assertThatThrownBy(() -> h.processElement(record(2, Arrays.copyOf(dicom, 300))))
                    .isInstanceOfSatisfying(
                            StageFailureException.class,
                            e -> {
                                assertThat(e.stage()).isEqualTo(IngestStages.DECODE_DICOM);
                                assertThat(e.reason()).isEqualTo(DeadLetterReason.Ingest.TRUNCATED);
                            });
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
        }
    }

    @Test
    void goodScanGoesDownstreamAndBadOneBecomesOneDeadLetter() throws Exception {
        PhantomSlice slice = new PhantomGenerator().generate(11, 0);
        byte[] dicom = PhantomDicom.encode(slice);
        try (var h = harness()) {
            h.processElement(
                    new StreamRecord<>(
                            new RawRecord(IngestTestSettings.DICOM_TOPIC, 0, 7, 1000L, null, dicom),
                            1000L));
            RawRecord bad =
                    new RawRecord(
                            IngestTestSettings.DICOM_TOPIC,
                            1,
                            8,
                            2000L,
                            "k".getBytes(StandardCharsets.UTF_8),
                            Arrays.copyOf(dicom, 300));
            bad.headerKeys = new String[] {"sender"};
            bad.headerValues = new byte[][] {"gw-1".getBytes(StandardCharsets.UTF_8)};
            h.processElement(new StreamRecord<>(bad, 2000L));

            List<ScanEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            ScanEvent e = out.get(0);
            assertThat(e.getSopInstanceUid()).isEqualTo(slice.sopInstanceUid());
            assertThat(e.getSeriesInstanceUid()).isEqualTo(slice.seriesInstanceUid());
            assertThat(e.getModality()).isEqualTo(slice.modality().name());
            assertThat(e.getRows()).isEqualTo(slice.rows());
            assertThat(e.getRescaleIntercept()).isEqualTo(slice.rescaleIntercept());
            assertThat(e.getWindowWidth()).isEqualTo(slice.windowWidth());
            assertThat(e.getPixelSpacing().getColumnMm()).isEqualTo(slice.pixelSpacingMm());
            assertThat(e.getSource()).isEqualTo(IngestTestSettings.DICOM_TOPIC + "/0@7");
            assertThat(e.getIngestTimeMillis().toEpochMilli()).isEqualTo(1000L);
            assertThat(e.getPatientKey())
                    .isEqualTo(
                            new PatientPseudonymizer(IngestTestSettings.SECRET)
                                    .pseudonym(slice.patientId()));
            assertThat(e.getPayload()).isInstanceOf(InlinePayload.class);
            // the pixels, decoded once: the frame the models read, by reference, equal value for
            // value to decoding the file again
            ScanImage expected =
                    ScanImage.middleFrame(DicomReader.read(dicom, DicomLimits.defaults()));
            try (BlobStore store = new LocalBlobStore(tmp.resolve("blobs"))) {
                assertThat(e.getFrame().getMediaType()).isEqualTo(FrameBlobs.MEDIA_TYPE);
                ScanImage frame =
                        FrameBlobs.get(store, e.getFrame(), (long) e.getRows() * e.getColumns());
                assertThat(frame.values()).containsExactly(expected.values());
                assertThat(frame.rows()).isEqualTo(slice.rows());
                assertThat(frame.window()).isEqualTo(expected.window());
                assertThat(frame.spacing()).isEqualTo(expected.spacing());
                assertThat(frame.sopInstanceUid()).isEqualTo(slice.sopInstanceUid());
            }

            var dead = h.getSideOutput(DeadLetters.TAG);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.poll().getValue();
            assertThat(d.getStage()).isEqualTo(IngestStages.DECODE_DICOM);
            assertThat(d.getReason()).isEqualTo("TRUNCATED");
            assertThat(d.getSourceTopic()).isEqualTo(IngestTestSettings.DICOM_TOPIC);
            assertThat(d.getSourcePartition()).isEqualTo(1);
            assertThat(d.getSourceOffset()).isEqualTo(8L);
            assertThat(d.getHeaders()).hasSize(1);
            assertThat(d.getHeaders().get(0).getKey()).isEqualTo("sender");
            assertThat(d.getMessage()).doesNotContain(slice.patientId());
        }
    }

    @Test
    void replayingARecordGivesTheSameEvent() throws Exception {
        byte[] dicom = PhantomDicom.encode(new PhantomGenerator().generate(12, 3));
        ScanEvent first;
        try (var h = harness()) {
            h.processElement(
                    new StreamRecord<>(
                            new RawRecord(IngestTestSettings.DICOM_TOPIC, 0, 1, 5L, null, dicom),
                            5L));
            first = h.extractOutputValues().get(0);
        }
        try (var h = harness()) {
            h.processElement(
                    new StreamRecord<>(
                            new RawRecord(IngestTestSettings.DICOM_TOPIC, 0, 1, 5L, null, dicom),
                            5L));
            assertThat(h.extractOutputValues().get(0)).isEqualTo(first);
        }
    }

    @Test
    void emptyAndOversizedRecordsAreRejectedBeforeParsing() throws Exception {
        IngestSettings small = IngestTestSettings.create(tmp.resolve("b2"), 1000);
        ScanParser parser = new ScanParser(small, new LocalBlobStore(tmp.resolve("b2")));
        IngestException empty =
                Assertions.assertThrows(
                        IngestException.class,
                        () ->
                                parser.parse(
                                        new RawRecord(
                                                IngestTestSettings.DICOM_TOPIC,
                                                0,
                                                0,
                                                0,
                                                null,
                                                new byte[0])));
        assertThat(empty.reason().name()).isEqualTo("EMPTY");
        IngestException big =
                Assertions.assertThrows(
                        IngestException.class,
                        () ->
                                parser.parse(
                                        new RawRecord(
                                                IngestTestSettings.DICOM_TOPIC,
                                                0,
                                                0,
                                                0,
                                                null,
                                                new byte[1001])));
        assertThat(big.stage()).isEqualTo(IngestStages.VALIDATE_INPUT);
        assertThat(big.reason().name()).isEqualTo("LIMIT_EXCEEDED");
    }
}
