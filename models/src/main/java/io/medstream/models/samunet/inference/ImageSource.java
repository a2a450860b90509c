package io.medstream.models.samunet.inference;

import io.medstream.dicom.DecodedImage;
import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.models.preprocess.DisplayWindow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An input image for the CLI: a DICOM file (frame 0, modality values, window, spacing from the
 * tags) or a PNG (luminance 0..255, modality "OT", robust min–max windowing, spacing unknown).
 *
 * @param values modality values, rows×cols row-major
 * @param rows H
 * @param cols W
 * @param modality DICOM modality or "OT"
 * @param window window from the tags, or null
 * @param monochrome1 MONOCHROME1
 * @param spacingMm row pixel spacing in mm, NaN when unknown
 */
public record ImageSource(
        double[] values,
        int rows,
        int cols,
        String modality,
        DisplayWindow window,
        boolean monochrome1,
        double spacingMm) {

    /** Reads a DICOM or PNG file (PNG recognised by its signature). */
    public static ImageSource read(Path file) throws IOException {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, 8);
        }
        if ((head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            int[] size = new int[2];
            double[] v = MaskImages.readGreyPng(file, size);
            return new ImageSource(v, size[0], size[1], "OT", null, false, Double.NaN);
        }
        return fromDicom(DicomReader.read(file), 0);
    }

    /**
     * Frame {@code frame} of a parsed DICOM file as modality values. Colour images (3 samples per
     * pixel) become their luminance (ITU-R BT.601 weights for RGB; the Y channel for YBR_FULL),
     * because the models take one grey channel; other sample counts are refused.
     *
     * @throws IllegalArgumentException for a frame out of range or an unsupported samples-per-pixel
     *     value
     */
    public static ImageSource fromDicom(DicomFile dcm, int frame) {
        DecodedImage img = dcm.image();
        if (frame < 0 || frame >= img.frames()) {
            throw new IllegalArgumentException("frame " + frame + " of " + img.frames());
        }
        float[] raw = img.frame(frame);
        int n = img.rows() * img.columns();
        double[] v = new double[n];
        int spp = img.samplesPerPixel();
        if (spp == 1) {
            for (int i = 0; i < n; i++) {
                v[i] = raw[i];
            }
        } else if (spp == 3) {
            // frame() returns samples interleaved per pixel (planar data is reordered by the
            // decoder)
            boolean ybr = img.photometric().startsWith("YBR");
            for (int i = 0; i < n; i++) {
                float a = raw[3 * i];
                v[i] = ybr ? a : 0.299 * a + 0.587 * raw[3 * i + 1] + 0.114 * raw[3 * i + 2];
            }
        } else {
            throw new IllegalArgumentException(
                    spp + " samples per pixel are not supported (1 or 3)");
        }
        DicomDataset ds = dcm.dataset();
        String modality = ds.getString(Tag.MODALITY, "OT").trim().toUpperCase(Locale.ROOT);
        double[] wc = ds.getDoubles(Tag.WINDOW_CENTER);
        double[] ww = ds.getDoubles(Tag.WINDOW_WIDTH);
        DisplayWindow window =
                spp == 1 && wc != null && ww != null && wc.length > 0 && ww.length > 0 && ww[0] > 0
                        ? new DisplayWindow(wc[0], ww[0])
                        : null;
        double[] sp = ds.getDoubles(Tag.PIXEL_SPACING);
        double spacing = sp != null && sp.length > 0 && sp[0] > 0 ? sp[0] : Double.NaN;
        return new ImageSource(
                v, img.rows(), img.columns(), modality, window, img.isMonochrome1(), spacing);
    }
}
