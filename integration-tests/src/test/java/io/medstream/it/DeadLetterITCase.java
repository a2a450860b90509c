package io.medstream.it;

import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.DicomWriter;
import io.medstream.dicom.Tag;
import io.medstream.dicom.TransferSyntax;
import io.medstream.dicom.VR;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input interleaved with good input: each bad record yields exactly one DeadLetter with its
 * stage and reason, every good record around them arrives, and the job never fails (restarts are
 * disabled, so any escaping exception would fail this test).
 */
class DeadLetterITCase extends IngestTestBase {

    /** What each bad record must produce. */
    private record Expected(String stage, List<String> reasons, String messagePart) {}

    @Test
    void eachBadRecordBecomesExactlyOneDeadLetterAndGoodOnesAllArrive() throws Exception {
        MedstreamSettings s = settings(Map.of("medstream.ingest.max-input-bytes", "3mb"));
        List<ScanInput> good = ScanFeeds.phantoms(20, 777);
        byte[] base = good.get(0).dicom();
        String dicomTopic = s.ingest().dicomTopic();
        String eventsTopic = s.ingest().eventsTopic();

        Map<String, byte[]> bad = new HashMap<>();
        Map<String, Expected> expected = new HashMap<>();
        Map<String, String> topicOf = new HashMap<>();

        bad.put("truncated", Arrays.copyOf(base, base.length * 3 / 5));
        expected.put("truncated", new Expected("decode-dicom", List.of("TRUNCATED"), ""));

        byte[] random = new byte[10_000];
        new SplittableRandom(1).nextBytes(random);
        bad.put("random", random);
        expected.put(
                "random",
                new Expected("decode-dicom", List.of("NOT_DICOM", "MALFORMED", "TRUNCATED"), ""));

        byte[] wrongMagic = base.clone();
        wrongMagic[131] = 'X';
        bad.put("wrong-magic", wrongMagic);
        expected.put(
                "wrong-magic", new Expected("decode-dicom", List.of("NOT_DICOM", "MALFORMED"), ""));

        DicomDataset zeroRows = DicomReader.read(base).dataset();
        zeroRows.putInt(Tag.ROWS, VR.US, 0);
        bad.put("zero-rows", DicomWriter.write(zeroRows));
        expected.put("zero-rows", new Expected("decode-dicom", List.of("MALFORMED"), "0 rows"));

        byte[] oversize = new byte[4 << 20];
        new SplittableRandom(2).nextBytes(oversize);
        bad.put("oversize", oversize);
        expected.put(
                "oversize",
                new Expected("validate-input", List.of("LIMIT_EXCEEDED"), "max-input-bytes"));

        DicomDataset bomb = DicomReader.read(base).dataset();
        bomb.putBytes(Tag.DATA_SET_TRAILING_PADDING, VR.OB, new byte[30 << 20]); // zeros: ~1000:1
        bad.put(
                "deflate-bomb",
                DicomWriter.write(bomb, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        expected.put(
                "deflate-bomb",
                new Expected("decode-dicom", List.of("LIMIT_EXCEEDED"), "exceeded"));

        DicomDataset jpegLs = DicomReader.read(base).dataset();
        jpegLs.putFragments(
                Tag.PIXEL_DATA,
                List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xF7}));
        bad.put("jpeg-ls", DicomWriter.write(jpegLs, TransferSyntax.JPEG_LS_LOSSLESS.uid()));
        expected.put(
                "jpeg-ls",
                new Expected(
                        "decode-dicom",
                        List.of("UNSUPPORTED_TRANSFER_SYNTAX"),
                        "1.2.840.10008.1.2.4.80"));

        // A ScanEvent written with a schema this job does not know: the fingerprint does not match.
        byte[] brokenSchema =
                AvroRecords.encode(event(good.get(1), "trace-broken", inline(good.get(1).dicom())));
        brokenSchema[4] ^= 0x21;
        bad.put("broken-schema", brokenSchema);
        topicOf.put("broken-schema", eventsTopic);
        expected.put("broken-schema", new Expected("decode-event", List.of("AVRO_DECODE"), ""));

        // A claim check whose blob does not match its checksum.
        LocalBlobStore blobs = new LocalBlobStore(tmp.resolve("blobs"));
        ClaimCheck ref = blobs.put(good.get(2).dicom(), "application/dicom");
        ClaimCheck tampered =
                ClaimCheck.newBuilder(ref).setSha256("00" + ref.getSha256().substring(2)).build();
        bad.put(
                "bad-claim-check",
                AvroRecords.encode(event(good.get(2), "trace-tampered", tampered)));
        topicOf.put("bad-claim-check", eventsTopic);
        expected.put(
                "bad-claim-check", new Expected("claim-check", List.of("CLAIM_CHECK"), "sha256"));

        // Good records: 20 phantoms as raw DICOM, and 2 as ScanEvents (one inline, one by claim
        // check), interleaved.
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> badNames = new ArrayList<>(bad.keySet());
        badNames.sort(null);
        int b = 0;
        for (int i = 0; i < good.size(); i++) {
            records.add(
                    new ProducerRecord<>(dicomTopic, key(good.get(i).key()), good.get(i).dicom()));
            if (i % 2 == 1 && b < badNames.size()) {
                String name = badNames.get(b++);
                records.add(
                        new ProducerRecord<>(
                                topicOf.getOrDefault(name, dicomTopic), key(name), bad.get(name)));
            }
        }
        while (b < badNames.size()) {
            String name = badNames.get(b++);
            records.add(
                    new ProducerRecord<>(
                            topicOf.getOrDefault(name, dicomTopic), key(name), bad.get(name)));
        }
        List<ScanInput> viaEvents = ScanFeeds.phantoms(2, 778);
        records.add(
                new ProducerRecord<>(
                        eventsTopic,
                        key("event-inline"),
                        AvroRecords.encode(
                                event(
                                        viaEvents.get(0),
                                        "trace-inline",
                                        inline(viaEvents.get(0).dicom())))));
        records.add(
                new ProducerRecord<>(
                        eventsTopic,
                        key("event-claim"),
                        AvroRecords.encode(
                                event(
                                        viaEvents.get(1),
                                        "trace-claim",
                                        blobs.put(
                                                viaEvents.get(1).dicom(), "application/dicom")))));
        KafkaClients.produceAll(KAFKA.bootstrapServers(), records);

        runJob(s, noRestarts());

        List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(s.dlqTopic(), bad.size());
        assertThat(dead).as("one dead letter per bad record").hasSize(bad.size());
        Map<String, DeadLetter> byName = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            DeadLetter d = deadLetter(r);
            String name = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(byName.put(name, d)).as("second dead letter for %s", name).isNull();
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
        byName.forEach(
                (name, d) -> {
                    Expected e = expected.get(name);
                    if (e.stage() != null) {
                        assertThat(d.getStage()).as(name).isEqualTo(e.stage());
                    }
                    assertThat(d.getReason()).as(name + ": " + d.getMessage()).isIn(e.reasons());
                    assertThat(d.getMessage()).as(name).contains(e.messagePart()).isNotBlank();
                    assertThat(d.getSourceTopic())
                            .as(name)
                            .isEqualTo(topicOf.getOrDefault(name, dicomTopic));
                    assertThat(d.getSourceOffset()).as(name).isNotNull();
                });
        // The oversized record travels by claim check; small ones inline, byte for byte.
        assertThat(byName.get("oversize").getPayload()).isInstanceOf(ClaimCheck.class);
        assertThat(((ClaimCheck) byName.get("oversize").getPayload()).getSizeBytes())
                .isEqualTo(4 << 20);
        assertThat(byName.get("truncated").getPayload())
                .isEqualTo(ByteBuffer.wrap(bad.get("truncated")));

        List<ConsumerRecord<byte[], byte[]>> ready = readCommitted(s.readyTopic(), good.size() + 2);
        assertThat(ready).hasSize(good.size() + 2);
        List<String> traces = ready.stream().map(r -> scanEvent(r).getTraceId()).toList();
        assertThat(traces).contains("trace-inline", "trace-claim").doesNotHaveDuplicates();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InlinePayload inline(byte[] dicom) {
        return new InlinePayload(ByteBuffer.wrap(dicom), "application/dicom");
    }

    /** A sender's ScanEvent for a phantom: UIDs as in its DICOM, the rest filled in by the job. */
    private static ScanEvent event(ScanInput in, String traceId, Object payload) {
        DicomDataset ds = DicomReader.read(in.dicom()).dataset();
        return ScanEvent.newBuilder()
                .setTraceId(traceId)
                .setStudyInstanceUid(ds.getString(Tag.STUDY_INSTANCE_UID, null))
                .setSeriesInstanceUid(ds.getString(Tag.SERIES_INSTANCE_UID, null))
                .setSopInstanceUid(ds.getString(Tag.SOP_INSTANCE_UID, null))
                .setPatientKey("")
                .setModality("")
                .setRows(0)
                .setColumns(0)
                .setTransferSyntaxUid("")
                .setSource("it-sender")
                .setIngestTimeMillis(Instant.ofEpochMilli(1_700_000_000_000L))
                .setPayload(payload)
                .build();
    }
}
