package io.medstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.models.common.Sha256;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.ingest.PatientPseudonymizer;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All sample DICOM files and 50 phantoms in → exactly one correct ScanEvent each on scans.ready.
 */
class IngestionITCase extends IngestTestBase {

    @Test
    void everySampleAndPhantomArrivesOnceWithCorrectFields() throws Exception {
        MedstreamSettings s = settings(Map.of());
        List<ScanInput> samples = ScanFeeds.directory(samplesDir());
        List<ScanInput> phantoms = ScanFeeds.phantoms(50, 4242);
        assertThat(samples).hasSize(6);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ScanInput in : concat(samples, phantoms)) {
            records.add(
                    new ProducerRecord<>(
                            s.ingest().dicomTopic(),
                            in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8),
                            in.dicom()));
        }
        KafkaClients.produceAll(KAFKA.bootstrapServers(), records);

        runJob(s, noRestarts());

        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(s.readyTopic(), 56);
        assertThat(readCommitted(s.dlqTopic(), 0)).isEmpty();
        assertThat(out).hasSize(56);
        Map<String, ScanEvent> bySop = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            ScanEvent e = scanEvent(r);
            assertThat(bySop.put(e.getSopInstanceUid(), e))
                    .as("duplicate %s", e.getSopInstanceUid())
                    .isNull();
            // keyed by series so a series stays in order on one partition
            assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(e.getSeriesInstanceUid());
        }

        // Samples: identifiers and geometry as pydicom reports them
        // (test-support/data/dicom-samples/expected.jsonl).
        LocalBlobStore blobs = new LocalBlobStore(tmp.resolve("blobs"));
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(samplesDir().resolve("expected.jsonl"))) {
            JsonNode x = json.readTree(line);
            ScanEvent e = bySop.get(x.get("sopInstanceUid").asText());
            assertThat(e).as(x.get("file").asText()).isNotNull();
            assertThat(e.getStudyInstanceUid()).isEqualTo(x.get("studyInstanceUid").asText());
            assertThat(e.getSeriesInstanceUid()).isEqualTo(x.get("seriesInstanceUid").asText());
            assertThat(e.getRows()).isEqualTo(x.get("rows").asInt());
            assertThat(e.getColumns()).isEqualTo(x.get("columns").asInt());
            assertThat(e.getFrames()).isEqualTo(x.get("frames").asInt());
            assertThat(e.getModality()).isEqualTo(x.get("modality").asText());
            assertThat(e.getTransferSyntaxUid()).isEqualTo(x.get("transferSyntaxUid").asText());
            assertThat(e.getInstanceNumber())
                    .isEqualTo(
                            x.get("instanceNumber").isNull()
                                    ? null
                                    : x.get("instanceNumber").asInt());
            byte[] original = Files.readAllBytes(samplesDir().resolve(x.get("file").asText()));
            assertThat(payloadBytes(e, blobs)).isEqualTo(original);
            // claim check above 512 KiB, inline below
            assertThat(e.getPayload())
                    .isInstanceOf(
                            original.length > 512 * 1024 ? ClaimCheck.class : InlinePayload.class);
            if (e.getPayload() instanceof ClaimCheck c) {
                assertThat(c.getSha256()).isEqualTo(Sha256.hex(original));
                assertThat(c.getSizeBytes()).isEqualTo(original.length);
            }
        }

        // Phantoms: UIDs and geometry read back from their DICOM with the codec; patient
        // pseudonymised.
        PatientPseudonymizer pseudo = new PatientPseudonymizer(SECRET);
        for (ScanInput p : phantoms) {
            DicomDataset ds = DicomReader.read(p.dicom(), DicomLimits.defaults()).dataset();
            ScanEvent e = bySop.get(ds.getString(Tag.SOP_INSTANCE_UID, null));
            assertThat(e).isNotNull();
            assertThat(e.getSeriesInstanceUid())
                    .isEqualTo(ds.getString(Tag.SERIES_INSTANCE_UID, null));
            assertThat(e.getModality())
                    .isIn("CT", "MR")
                    .isEqualTo(ds.getString(Tag.MODALITY, null));
            assertThat(e.getRows()).isEqualTo(ds.getInt(Tag.ROWS, -1));
            assertThat(e.getPixelSpacing()).isNotNull();
            assertThat(e.getPixelSpacing().getRowMm())
                    .isEqualTo(ds.getDoubles(Tag.PIXEL_SPACING)[0]);
            String patientId = ds.getString(Tag.PATIENT_ID, null);
            assertThat(e.getPatientKey())
                    .isEqualTo(pseudo.pseudonym(patientId))
                    .doesNotContain(patientId);
            assertThat(e.getIngestTimeMillis()).isNotNull();
            assertThat(payloadBytes(e, blobs)).isEqualTo(p.dicom());
        }
    }

    private static byte[] payloadBytes(ScanEvent e, LocalBlobStore blobs) throws Exception {
        if (e.getPayload() instanceof InlinePayload in) {
            return AvroRecords.bytes(in.getData());
        }
        return blobs.get((ClaimCheck) e.getPayload(), Long.MAX_VALUE);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
