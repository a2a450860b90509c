package io.medstream.dicom.image;

import io.medstream.dicom.DecodedImage;
import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.Tag;

import java.util.Objects;

/**
 * One decoded image frame as every model takes it, from the DICOM file to the model input: modality
 * values (stored·slope + intercept; HU for CT) in one grey channel, and the attributes that decide
 * windowing and physical size, read by the one rule of {@link ImageAttributes}.
 *
 * <p>The {@code values} array is not copied (a 512×512 frame is 2 MB); callers must not change it
 * while a model reads it. Record equality compares the array by reference.
 *
 * @param values modality values, {@code [rows * cols]} row-major
 * @param rows image rows (H), ≥ 1
 * @param cols image columns (W), ≥ 1
 * @param modality DICOM Modality, upper-case, "OT" when unknown
 * @param window display window from the tags, or null (models then pick their default)
 * @param monochrome1 PhotometricInterpretation MONOCHROME1 (high values display dark)
 * @param spacing pixel spacing, or null when unknown (areas are then in pixels only)
 * @param sopInstanceUid SOP Instance UID of the instance, or null for a non-DICOM image
 * @param instanceNumber InstanceNumber (0020,0013), or null; orders slices in a series
 * @param frameIndex which frame of the instance this is (0 for single-frame images)
 */
public record ScanImage(
        double[] values,
        int rows,
        int cols,
        String modality,
        DisplayWindow window,
        boolean monochrome1,
        PixelSpacingMm spacing,
        String sopInstanceUid,
        Integer instanceNumber,
        int frameIndex) {

    public ScanImage {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(modality, "modality");
        if (rows < 1 || cols < 1 || values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "need rows×cols values, got " + values.length + " for " + rows + "×" + cols);
        }
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frameIndex must be >= 0");
        }
    }

    /**
     * A grey image without DICOM attributes (e.g. a PNG): modality "OT", no window (robust min–max
     * windowing), spacing unknown.
     */
    public static ScanImage grey(double[] values, int rows, int cols) {
        return new ScanImage(values, rows, cols, "OT", null, false, null, null, null, 0);
    }

    /**
     * The frame the models look at: the middle one of a multi-frame instance (the most
     * representative slice of an enhanced multi-frame series or cine loop), frame 0 otherwise.
     */
    public static ScanImage middleFrame(DicomFile dcm) {
        return fromDicom(dcm, dcm.image().frames() / 2);
    }

    /**
     * Frame {@code frame} of a parsed DICOM file. Colour images (3 samples per pixel) become their
     * luminance (ITU-R BT.601 weights for RGB; the Y channel for YBR), because the models take one
     * grey channel; other sample counts are refused.
     *
     * @throws IllegalArgumentException for a frame out of range or an unsupported samples-per-pixel
     *     value
     */
    public static ScanImage fromDicom(DicomFile dcm, int frame) {
        DecodedImage img = dcm.image();
        if (frame < 0 || frame >= img.frames()) {
            throw new IllegalArgumentException("frame " + frame + " of " + img.frames());
        }
        float[] raw = img.frame(frame); // [rows * cols * spp], samples interleaved per pixel
        int n = img.rows() * img.columns();
        double[] v = new double[n];
        int spp = img.samplesPerPixel();
        if (spp == 1) {
            for (int i = 0; i < n; i++) {
                v[i] = raw[i];
            }
        } else if (spp == 3) {
            // the decoder reorders planar data, so the three samples of pixel i are at 3i..3i+2
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
        String sop = ds.getString(Tag.SOP_INSTANCE_UID, null);
        return new ScanImage(
                v,
                img.rows(),
                img.columns(),
                ImageAttributes.modality(ds),
                ImageAttributes.window(ds, spp),
                img.isMonochrome1(),
                ImageAttributes.spacing(ds),
                sop == null || sop.isBlank() ? null : sop.trim(),
                ds.findInt(Tag.INSTANCE_NUMBER).orElse(null),
                frame);
    }

    /** Area of one pixel in mm², NaN when the spacing is unknown. */
    public double pixelAreaMm2() {
        return spacing == null ? Double.NaN : spacing.pixelAreaMm2();
    }
}
