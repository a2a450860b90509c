package io.medstream.dicom.image;

import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.Tag;

import java.util.Locale;

/**
 * The one rule for the image attributes every stage reads from a dataset: the parse stage writes
 * them into the {@code ScanEvent}, {@link ScanImage} hands them to the models, so an event and the
 * pixels it describes can never disagree.
 */
public final class ImageAttributes {
    private ImageAttributes() {}

    /** Modality (0008,0060), trimmed and upper-cased; "OT" (other) when absent or blank. */
    public static String modality(DicomDataset ds) {
        String m = ds.getString(Tag.MODALITY, null);
        return m == null || m.isBlank() ? "OT" : m.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The first WindowCenter/WindowWidth pair, or null when either is absent, not finite, the width
     * is not positive, or the image has colour samples (a window applies to one grey channel).
     */
    public static DisplayWindow window(DicomDataset ds, int samplesPerPixel) {
        double[] wc = ds.getDoubles(Tag.WINDOW_CENTER);
        double[] ww = ds.getDoubles(Tag.WINDOW_WIDTH);
        if (samplesPerPixel != 1 || wc.length == 0 || ww.length == 0) {
            return null;
        }
        if (!Double.isFinite(wc[0]) || !Double.isFinite(ww[0]) || !(ww[0] > 0)) {
            return null;
        }
        return new DisplayWindow(wc[0], ww[0]);
    }

    /**
     * PixelSpacing (0028,0030), or null unless it has two values that are both finite and &gt; 0 (a
     * single value or a zero is a broken header, not a square pixel).
     */
    public static PixelSpacingMm spacing(DicomDataset ds) {
        double[] v = ds.getDoubles(Tag.PIXEL_SPACING);
        if (v.length < 2
                || !(v[0] > 0)
                || !(v[1] > 0)
                || Double.isInfinite(v[0])
                || Double.isInfinite(v[1])) {
            return null;
        }
        return new PixelSpacingMm(v[0], v[1]);
    }
}
