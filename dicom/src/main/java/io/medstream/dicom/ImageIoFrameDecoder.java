package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * Decodes one JPEG (baseline, extended, lossless; via TwelveMonkeys) or JPEG 2000 (via jai-imageio)
 * frame with ImageIO. Colour JPEG frames come back as RGB (ImageIO converts YCbCr). Samples are
 * returned unsigned as the codec produced them; the caller reinterprets them with Bits Stored and
 * Pixel Representation.
 */
public final class ImageIoFrameDecoder {

    private ImageIoFrameDecoder() {}

    /**
     * Decodes a compressed frame and returns its raster. The stream header is checked against the
     * expected geometry before any pixel buffer is allocated, so a forged header cannot request a
     * huge image.
     *
     * @throws DicomException PIXEL_DECODE when no reader is available or the stream is corrupt,
     *     UNSUPPORTED_TRANSFER_SYNTAX when the codec is not JPEG or JPEG 2000
     */
    public static Raster decode(
            byte[] data,
            int offset,
            int length,
            TransferSyntax ts,
            DecodedImage image,
            long maxDecodeMillis) {
        int rows = image.rows();
        int columns = image.columns();
        if (ts.codec() == TransferSyntax.Codec.JPEG2000) {
            // jj2000 sizes its tile buffers from SIZ before reading a packet: hold SIZ first
            J2kMainHeader.parse(ByteBuffer.wrap(data, offset, length))
                    .check(rows, columns, image.samplesPerPixel(), image.bitsAllocated());
        }
        String format =
                switch (ts.codec()) {
                    case JPEG -> "jpeg";
                    case JPEG2000 -> "jpeg2000";
                    default ->
                            throw new DicomException(
                                    Reason.UNSUPPORTED_TRANSFER_SYNTAX,
                                    "transfer syntax "
                                            + ts.describe()
                                            + " is not decoded through ImageIO");
                };
        ImageReader reader = reader(format, ts);
        try (ImageInputStream iis =
                new DeadlineImageInputStream(data, offset, length, maxDecodeMillis)) {
            reader.setInput(iis, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != columns || height != rows) {
                throw new DicomException(
                        Reason.PIXEL_DECODE,
                        "compressed frame header declares "
                                + width
                                + "x"
                                + height
                                + " but the dataset declares "
                                + columns
                                + "x"
                                + rows);
            }
            BufferedImage decoded = reader.read(0);
            return decoded.getRaster();
        } catch (DicomException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            // jj2000 reports unsupported codestreams as jj2000.j2k.NotImplementedError (an Error)
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "cannot decode "
                            + ts.describe()
                            + " frame of "
                            + length
                            + " bytes: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String format, TransferSyntax ts) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        ImageReader fallback = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.twelvemonkeys") || !"jpeg".equals(format)) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return r;
            }
            if (fallback == null) {
                fallback = r;
            } else {
                r.dispose();
            }
        }
        if (fallback == null) {
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "no ImageIO reader for "
                            + format
                            + " is available to "
                            + "decode "
                            + ts.describe());
        }
        return fallback;
    }
}
