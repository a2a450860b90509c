package io.medstream.operators.claimcheck;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.internal.DecodedFrame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoded frames by reference: the parse stage decodes a scan's pixels once and stores the frame
 * the models read ({@link ScanImage}, as a {@link DecodedFrame} in Avro single-object encoding) in
 * the blob store; the segment and draft stages read it back (size and SHA-256 verified by the
 * store) instead of parsing the DICOM again. Content-addressed, so a replay writes the same blob.
 */
public final class FrameBlobs {
    private FrameBlobs() {}

    public static final String MEDIA_TYPE = "application/vnd.medstream.frame+avro";

    /** Bytes of everything but the pixels, more than any real frame needs (UIDs ≤ 64 chars). */
    private static final long HEADER_BYTES = 4096;

    /** Stores {@code image}; returns its reference. */
    public static ClaimCheck put(BlobStore store, ScanImage image) throws IOException {
        return store.put(encode(image), MEDIA_TYPE);
    }

    /**
     * Reads a frame back, refusing a blob larger than a frame of {@code maxPixels} pixels before
     * reading it.
     *
     * @throws ClaimCheckException if the blob is missing, too large or fails its checksum
     * @throws IOException if it is not a decodable frame
     */
    public static ScanImage get(BlobStore store, ClaimCheck ref, long maxPixels)
            throws IOException {
        byte[] bytes = store.get(ref, 4 * maxPixels + HEADER_BYTES);
        return decode(AvroRecords.decode(DecodedFrame.class, bytes));
    }

    static byte[] encode(ScanImage image) {
        double[] v = image.values();
        // [rows * cols] float32 little-endian, row-major
        ByteBuffer px = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            px.putFloat((float) d);
        }
        px.flip();
        DisplayWindow w = image.window();
        PixelSpacingMm s = image.spacing();
        DecodedFrame f =
                DecodedFrame.newBuilder()
                        .setRows(image.rows())
                        .setColumns(image.cols())
                        .setModality(image.modality())
                        .setWindowCenter(w == null ? null : w.center())
                        .setWindowWidth(w == null ? null : w.width())
                        .setMonochrome1(image.monochrome1())
                        .setRowSpacingMm(s == null ? null : s.rowMm())
                        .setColumnSpacingMm(s == null ? null : s.columnMm())
                        .setSopInstanceUid(image.sopInstanceUid())
                        .setInstanceNumber(image.instanceNumber())
                        .setFrameIndex(image.frameIndex())
                        .setValues(px)
                        .build();
        return AvroRecords.encode(f);
    }

    static ScanImage decode(DecodedFrame f) throws IOException {
        long n = (long) f.getRows() * f.getColumns();
        ByteBuffer px = f.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (f.getRows() < 1 || f.getColumns() < 1 || px.remaining() != 4 * n) {
            throw new IOException(
                    "frame of "
                            + f.getRows()
                            + "x"
                            + f.getColumns()
                            + " has "
                            + px.remaining()
                            + " pixel bytes");
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = px.getFloat();
        }
        DisplayWindow w =
                f.getWindowCenter() == null || f.getWindowWidth() == null
                        ? null
                        : new DisplayWindow(f.getWindowCenter(), f.getWindowWidth());
        PixelSpacingMm s =
                f.getRowSpacingMm() == null || f.getColumnSpacingMm() == null
                        ? null
                        : new PixelSpacingMm(f.getRowSpacingMm(), f.getColumnSpacingMm());
        try {
            return new ScanImage(
                    v,
                    f.getRows(),
                    f.getColumns(),
                    f.getModality(),
                    w,
                    f.getMonochrome1(),
                    s,
                    f.getSopInstanceUid(),
                    f.getInstanceNumber(),
                    f.getFrameIndex());
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid frame: " + e.getMessage(), e);
        }
    }
}
