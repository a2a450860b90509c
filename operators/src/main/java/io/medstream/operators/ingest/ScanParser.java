package io.medstream.operators.ingest;

import io.medstream.dicom.DecodedImage;
import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomException;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ImageAttributes;
import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.deadletter.DeadLetterReason.Ingest;
import io.medstream.operators.io.AvroRecords;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.PixelSpacing;
import io.medstream.schemas.ScanEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The ingestion logic, free of Flink: raw record → validated, normalised {@link ScanEvent} with the
 * claim check applied, or an {@link IngestException} naming stage and reason. Deterministic for a
 * given record (trace id and ingest time come from the record, not the clock), so a replay after a
 * failure produces identical output.
 */
public final class ScanParser {
    /** Header a sender may set to correlate its own logs with ours. */
    public static final String TRACE_HEADER = "medstream-trace-id";

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final int MAX_UID_LENGTH = 64;

    private final IngestSettings settings;
    private final DicomLimits limits;
    private final BlobStore blobStore;
    private final PatientPseudonymizer pseudonymizer;

    public ScanParser(IngestSettings settings, BlobStore blobStore) {
        this.settings = settings;
        this.limits = settings.dicomLimits();
        this.blobStore = blobStore;
        this.pseudonymizer = new PatientPseudonymizer(settings.pseudonymSecret());
    }

    /** Parses one record from either input topic. */
    public ScanEvent parse(RawRecord raw) throws IngestException {
        if (raw.value == null || raw.value.length == 0) {
            throw new IngestException(
                    IngestStages.VALIDATE_INPUT, Ingest.EMPTY, "record has no value");
        }
        if (raw.value.length > settings.maxInputBytes()) {
            throw new IngestException(
                    IngestStages.VALIDATE_INPUT,
                    Ingest.LIMIT_EXCEEDED,
                    "record of "
                            + raw.value.length
                            + " bytes exceeds medstream.ingest.max-input-bytes = "
                            + settings.maxInputBytes());
        }
        if (raw.topic.equals(settings.eventsTopic())) {
            return fromEvent(raw);
        }
        byte[] dicom = raw.value;
        Instant ingest = Instant.ofEpochMilli(raw.timestamp);
        try {
            return build(dicom, null, traceId(raw), raw.source(), ingest, null);
        } catch (IngestException e) {
            throw e.withTraceId(traceId(raw));
        }
    }

    private ScanEvent fromEvent(RawRecord raw) throws IngestException {
        ScanEvent declared;
        try {
            declared = AvroRecords.decode(ScanEvent.class, raw.value);
        } catch (IOException e) {
            throw new IngestException(
                    IngestStages.DECODE_EVENT,
                    Ingest.AVRO_DECODE,
                    "not a ScanEvent in Avro single-object encoding with a known schema: "
                            + e.getMessage(),
                    e);
        }
        byte[] dicom;
        ClaimCheck ref = null;
        if (declared.getPayload() instanceof InlinePayload inline) {
            dicom = AvroRecords.bytes(inline.getData());
        } else {
            ref = (ClaimCheck) declared.getPayload();
            try {
                dicom = blobStore.get(ref, settings.maxInputBytes());
            } catch (IOException e) {
                throw new IngestException(
                        IngestStages.CLAIM_CHECK, Ingest.CLAIM_CHECK, e.getMessage(), e);
            }
        }
        ScanEvent normalised;
        try {
            normalised =
                    build(
                            dicom,
                            ref,
                            declared.getTraceId(),
                            declared.getSource(),
                            declared.getIngestTimeMillis(),
                            declared);
        } catch (IngestException e) {
            throw e.withTraceId(declared.getTraceId());
        }
        checkSame(
                "StudyInstanceUID",
                declared.getStudyInstanceUid(),
                normalised.getStudyInstanceUid());
        checkSame(
                "SeriesInstanceUID",
                declared.getSeriesInstanceUid(),
                normalised.getSeriesInstanceUid());
        checkSame("SOPInstanceUID", declared.getSopInstanceUid(), normalised.getSopInstanceUid());
        return normalised;
    }

    /**
     * Parses the DICOM bytes, decodes the frame the models read (which proves the pixel codec
     * works) into the blob store and builds the event. Fields the sender declared that DICOM cannot
     * know (prompts, expected instance count) are kept.
     */
    private ScanEvent build(
            byte[] bytes,
            ClaimCheck existingRef,
            String traceId,
            String source,
            Instant ingest,
            ScanEvent declared)
            throws IngestException {
        DicomFile file;
        DecodedImage image;
        ScanImage frame;
        try {
            file = DicomReader.read(bytes, limits);
            image = file.image();
            frame = modelFrame(file);
        } catch (DicomException e) {
            String stage =
                    e.reason() == DicomException.Reason.MISSING_ATTRIBUTE
                            ? IngestStages.VALIDATE_DICOM
                            : IngestStages.DECODE_DICOM;
            throw new IngestException(stage, Ingest.of(e.reason()), e.getMessage(), e);
        }
        try {
            return event(file, image, frame, bytes, existingRef, traceId, source, ingest, declared);
        } catch (DicomException e) {
            // an attribute the event reads (InstanceNumber, PixelSpacing, ...) is malformed
            throw new IngestException(
                    IngestStages.VALIDATE_DICOM, Ingest.of(e.reason()), e.getMessage(), e);
        }
    }

    /** The event of a parsed and decoded file; DicomException when an attribute it reads is bad. */
    private ScanEvent event(
            DicomFile file,
            DecodedImage image,
            ScanImage frame,
            byte[] bytes,
            ClaimCheck existingRef,
            String traceId,
            String source,
            Instant ingest,
            ScanEvent declared)
            throws IngestException {
        DicomDataset ds = file.dataset();
        String study = uid(ds, Tag.STUDY_INSTANCE_UID, "StudyInstanceUID");
        String series = uid(ds, Tag.SERIES_INSTANCE_UID, "SeriesInstanceUID");
        String sop = uid(ds, Tag.SOP_INSTANCE_UID, "SOPInstanceUID");

        // the one rule ScanImage applies to the same dataset, so event and pixels agree
        DisplayWindow window = ImageAttributes.window(ds, image.samplesPerPixel());
        PixelSpacingMm spacing = ImageAttributes.spacing(ds);
        ScanEvent.Builder b =
                ScanEvent.newBuilder()
                        .setTraceId(traceId)
                        .setStudyInstanceUid(study)
                        .setSeriesInstanceUid(series)
                        .setSopInstanceUid(sop)
                        .setPatientKey(pseudonymizer.pseudonym(ds.getString(Tag.PATIENT_ID, null)))
                        .setModality(ImageAttributes.modality(ds))
                        .setBodyPart(ds.getString(Tag.BODY_PART_EXAMINED, null))
                        .setInstanceNumber(ds.findInt(Tag.INSTANCE_NUMBER).orElse(null))
                        .setRows(image.rows())
                        .setColumns(image.columns())
                        .setFrames(image.frames())
                        .setSamplesPerPixel(image.samplesPerPixel())
                        .setPhotometricInterpretation(image.photometric())
                        .setPixelSpacing(
                                spacing == null
                                        ? null
                                        : new PixelSpacing(spacing.rowMm(), spacing.columnMm()))
                        .setRescaleSlope(image.rescaleSlope())
                        .setRescaleIntercept(image.rescaleIntercept())
                        .setWindowCenter(window == null ? null : window.center())
                        .setWindowWidth(window == null ? null : window.width())
                        .setTransferSyntaxUid(file.transferSyntax().uid())
                        .setSource(source)
                        .setIngestTimeMillis(ingest);
        if (declared != null) {
            b.setExpectedInstances(declared.getExpectedInstances())
                    .setBoxes(declared.getBoxes())
                    .setPoints(declared.getPoints());
        }
        b.setPayload(payload(bytes, existingRef));
        if (frame != null) {
            try {
                b.setFrame(FrameBlobs.put(blobStore, frame));
            } catch (IOException e) {
                throw new IngestException(
                        IngestStages.CLAIM_CHECK,
                        Ingest.BLOB_STORE_WRITE,
                        "cannot store the decoded frame: " + e.getMessage(),
                        e);
            }
        }
        return b.build();
    }

    /**
     * Decodes the frame the models read (the middle one), once for the whole job: later stages read
     * it from the blob store ({@code ScanEvent.frame}). Null when the pixels decode but cannot be
     * made one grey channel (e.g. 4 samples per pixel): the scan still goes to {@code scans.ready}
     * and the segment stage dead-letters it as an unsupported image.
     */
    private static ScanImage modelFrame(DicomFile file) {
        try {
            return ScanImage.middleFrame(file);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Object payload(byte[] bytes, ClaimCheck existingRef) throws IngestException {
        if (bytes.length <= settings.claimCheckThresholdBytes()) {
            return new InlinePayload(ByteBuffer.wrap(bytes), "application/dicom");
        }
        if (existingRef != null) {
            return existingRef; // already verified against its sha256 on read
        }
        try {
            return blobStore.put(bytes, "application/dicom");
        } catch (IOException e) {
            throw new IngestException(
                    IngestStages.CLAIM_CHECK,
                    Ingest.BLOB_STORE_WRITE,
                    "cannot store payload of " + bytes.length + " bytes: " + e.getMessage(),
                    e);
        }
    }

    private static String uid(DicomDataset ds, int tag, String name) throws IngestException {
        String v = ds.getString(tag, null);
        if (v == null || v.isBlank()) {
            throw new IngestException(
                    IngestStages.VALIDATE_DICOM, Ingest.MISSING_ATTRIBUTE, name + " is missing");
        }
        v = v.trim();
        if (v.length() > MAX_UID_LENGTH || !UID.matcher(v).matches()) {
            throw new IngestException(
                    IngestStages.VALIDATE_DICOM,
                    Ingest.INVALID_UID,
                    name + " is not a valid UID (digits and dots, at most 64 characters)");
        }
        return v;
    }

    private static void checkSame(String name, String declared, String actual)
            throws IngestException {
        if (declared != null && !declared.isEmpty() && !declared.equals(actual)) {
            throw new IngestException(
                    IngestStages.VALIDATE_DICOM,
                    Ingest.EVENT_MISMATCH,
                    name + " of the event differs from the one in its DICOM payload");
        }
    }

    private static String traceId(RawRecord raw) {
        for (int i = 0; i < raw.headerKeys.length; i++) {
            if (TRACE_HEADER.equals(raw.headerKeys[i]) && raw.headerValues[i] != null) {
                return new String(raw.headerValues[i], StandardCharsets.UTF_8);
            }
        }
        // Name-based, so a replayed record gets the same trace id.
        return UUID.nameUUIDFromBytes(raw.source().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
