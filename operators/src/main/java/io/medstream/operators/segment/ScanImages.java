package io.medstream.operators.segment;

import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;

import java.io.IOException;

/**
 * The pixels of a {@link ScanEvent} for the model stages: the DICOM bytes (inline or claim-checked)
 * are parsed again with the job's limits. Events carry the file rather than decoded pixels because
 * the file is smaller (compressed syntaxes) and Avro/Kafka/checkpoints then only ever hold one
 * representation.
 */
public final class ScanImages {
    private ScanImages() {}

    /** Decodes the frame the models look at: {@link ScanImage#middleFrame}. */
    public static ScanImage load(ScanEvent e, BlobStore store, IngestSettings settings)
            throws IOException {
        DicomFile file =
                DicomReader.read(bytes(e, store, settings.maxInputBytes()), settings.dicomLimits());
        return ScanImage.middleFrame(file);
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
