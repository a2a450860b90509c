package io.medstream.operators.segment;

import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.internal.SegmentedSlice;
import io.medstream.schemas.internal.SliceRef;

import java.io.IOException;

/**
 * The pixels of a scan for the model stages. The parse stage decoded them once into the blob store
 * ({@code ScanEvent.frame}, {@link FrameBlobs}); the model stages read that frame, verified by its
 * SHA-256, and never parse the DICOM again. Only an event that did not pass the parse stage (no
 * frame reference: a replay of an older checkpoint, a test) is parsed here, with the job's limits.
 */
public final class ScanImages {
    private ScanImages() {}

    /** The frame the models look at ({@link ScanImage#middleFrame}). */
    public static ScanImage load(ScanEvent e, BlobStore store, IngestSettings settings)
            throws IOException {
        if (e.getFrame() != null) {
            return FrameBlobs.get(store, e.getFrame(), (long) e.getRows() * e.getColumns());
        }
        DicomFile file =
                DicomReader.read(bytes(e, store, settings.maxInputBytes()), settings.dicomLimits());
        return ScanImage.middleFrame(file);
    }

    /** The frame of a segmented slice, as the series state refers to it. */
    public static ScanImage load(SegmentedSlice s, BlobStore store) throws IOException {
        return FrameBlobs.get(
                store,
                s.getSlice().getFrame(),
                (long) s.getResult().getRows() * s.getResult().getColumns());
    }

    /**
     * What the series state keeps of a scan: identifiers and the reference to its decoded frame
     * ({@code frame}: the event's, or the one the segment stage stored for an event without).
     */
    public static SliceRef ref(ScanEvent e, ClaimCheck frame) {
        return SliceRef.newBuilder()
                .setTraceId(e.getTraceId())
                .setStudyInstanceUid(e.getStudyInstanceUid())
                .setSeriesInstanceUid(e.getSeriesInstanceUid())
                .setSopInstanceUid(e.getSopInstanceUid())
                .setPatientKey(e.getPatientKey())
                .setModality(e.getModality())
                .setInstanceNumber(e.getInstanceNumber())
                .setExpectedInstances(e.getExpectedInstances())
                .setIngestTimeMillis(e.getIngestTimeMillis())
                .setFrame(frame)
                .build();
    }

    /** The DICOM Part 10 bytes of the event. */
    public static byte[] bytes(ScanEvent e, BlobStore store, long maxBytes) throws IOException {
        Object p = e.getPayload();
        if (p instanceof InlinePayload inline) {
            return AvroRecords.bytes(inline.getData());
        }
        if (p instanceof ClaimCheck ref) {
            return store.get(ref, maxBytes);
        }
        throw new IOException("scan has no payload");
    }
}
