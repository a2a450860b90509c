package io.medstream.models.preprocess;

import io.medstream.dicom.image.DisplayWindow;

import java.util.Arrays;

/**
 * Modality windowing: modality values (H×W, row-major) → uint8 grey (H×W, row-major, values 0..255
 * held in an {@code int[]}), step "Grey CT/MR" of docs/sam-unet.md §1.
 *
 * <ul>
 *   <li>CT: the window from the DICOM tags if present, else {@link DisplayWindow#CT_SOFT_TISSUE}
 *       (40/400).
 *   <li>MR and every other modality: robust min–max between the 0.5th and 99.5th percentiles (numpy
 *       {@code np.percentile} default "linear" method, reproduced bit for bit).
 * </ul>
 *
 * <p>Mapping, for lower edge {@code lo} and width {@code w}: {@code g = floor((x - lo) / w * 255 +
 * 0.5)}, clamped to [0, 255]. The operation order is fixed so the numpy reference in {@code
 * tools/preprocess_golden.py} matches exactly.
 *
 * <p>MONOCHROME1 (bright = low value) is inverted <em>before</em> windowing, by reflecting the
 * values about the centre of the range that is mapped: for a CT window {@code x' = 2·center - x};
 * for robust min–max {@code x' = -x} (the percentiles mirror with it). Either way the result equals
 * {@code 255 - g} up to the rounding of exact half levels, i.e. MONOCHROME1 input comes out with
 * the MONOCHROME2 convention the model was trained on.
 */
public final class Windowing {

    /** Lower and upper percentiles of the robust min–max, in percent. */
    public static final double LOW_PERCENTILE = 0.5;

    public static final double HIGH_PERCENTILE = 99.5;

    private Windowing() {}

    /**
     * Dispatches on modality as sam-unet.md §1 prescribes.
     *
     * @param values modality values (stored·slope + intercept), H×W row-major
     * @param modality DICOM Modality (0008,0060), e.g. "CT", "MR"; {@code null} counts as "not CT"
     * @param windowFromTags window from (0028,1050)/(0028,1051), or {@code null} when absent; used
     *     for CT only
     * @param monochrome1 true when PhotometricInterpretation is MONOCHROME1
     * @return grey levels 0..255, H×W row-major
     */
    public static int[] toGrey(
            double[] values, String modality, DisplayWindow windowFromTags, boolean monochrome1) {
        if ("CT".equalsIgnoreCase(modality)) {
            return window(
                    values,
                    windowFromTags != null ? windowFromTags : DisplayWindow.CT_SOFT_TISSUE,
                    monochrome1);
        }
        return robustMinMax(values, monochrome1);
    }

    /** Linear window to [0,255] with clamping (see class doc for the exact formula). */
    public static int[] window(double[] values, DisplayWindow window, boolean monochrome1) {
        double lo = window.lower();
        double w = window.width();
        double mirror = 2.0 * window.center();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double x = monochrome1 ? mirror - values[i] : values[i];
            out[i] = toLevel(x, lo, w);
        }
        return out;
    }

    /**
     * Robust min–max to [0,255]: lo = P0.5, hi = P99.5 of all pixels. A constant image (hi == lo)
     * maps to all zeros, because there is no contrast to stretch.
     */
    public static int[] robustMinMax(double[] values, boolean monochrome1) {
        double[] x = values.clone();
        if (monochrome1) {
            for (int i = 0; i < x.length; i++) {
                x[i] = -x[i];
            }
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double lo = percentile(sorted, LOW_PERCENTILE);
        double hi = percentile(sorted, HIGH_PERCENTILE);
        int[] out = new int[x.length];
        if (!(hi > lo)) {
            return out;
        }
        double w = hi - lo;
        for (int i = 0; i < x.length; i++) {
            out[i] = toLevel(x[i], lo, w);
        }
        return out;
    }

    /**
     * numpy 1.24 {@code np.percentile(a, p)} with the default "linear" method, on an already sorted
     * array. Reproduces numpy's virtual index {@code n·q + (1 − q) − 1} and its two-sided lerp
     * exactly.
     *
     * @param sorted ascending values, length ≥ 1
     * @param p percentile in [0, 100]
     */
    public static double percentile(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double q = p / 100.0;
        // numpy _compute_virtual_index with alpha = beta = 1: n*q + (alpha + q*(1 - alpha - beta))
        // - 1
        double virtual = (n * q + (1.0 + q * -1.0)) - 1.0;
        double prev = Math.floor(virtual);
        double gamma = virtual - prev;
        int i0 = (int) Math.max(0, Math.min(n - 1, prev));
        int i1 = Math.min(n - 1, i0 + 1);
        if (prev >= n - 1) {
            return sorted[n - 1];
        }
        double a = sorted[i0];
        double b = sorted[i1];
        double diff = b - a;
        // numpy _lerp: a + diff*t, but b - diff*(1-t) where t >= 0.5 (keeps monotonicity at the
        // ends)
        return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
    }

    private static int toLevel(double x, double lo, double w) {
        double v = Math.floor((x - lo) / w * 255.0 + 0.5);
        if (v <= 0.0 || Double.isNaN(v)) {
            return 0;
        }
        return v >= 255.0 ? 255 : (int) v;
    }
}
