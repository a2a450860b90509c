package io.medstream.dicom.image;

/**
 * A linear display window in modality units (HU for CT): values in {@code [center - width/2, center
 * + width/2]} map linearly onto grey 0..255.
 *
 * @param center window centre (DICOM WindowCenter)
 * @param width window width (DICOM WindowWidth), must be &gt; 0
 */
public record DisplayWindow(double center, double width) {

    /** CT soft-tissue default used when the DICOM carries no window: centre 40 HU, width 400 HU. */
    public static final DisplayWindow CT_SOFT_TISSUE = new DisplayWindow(40.0, 400.0);

    public DisplayWindow {
        if (!(width > 0.0) || !Double.isFinite(center)) {
            throw new IllegalArgumentException(
                    "window needs finite centre and width > 0, got " + center + "/" + width);
        }
    }

    /** Lower edge of the window, {@code center - width/2}; maps to grey 0. */
    public double lower() {
        return center - width / 2.0;
    }
}
