package io.medstream.training.report.eval;

/**
 * Expected calibration error with equal-width confidence bins: ECE = Σ_b (n_b / N) · |acc_b −
 * conf_b|, where conf_b is the mean confidence and acc_b the share of true items in bin b. Bin b
 * holds confidences in [b/B, (b+1)/B), the last bin includes 1.0.
 */
public final class Ece {

    public static final int DEFAULT_BINS = 10;

    private Ece() {}

    public static double of(double[] confidence, boolean[] correct, int bins) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("length mismatch");
        }
        if (confidence.length == 0) {
            return Double.NaN;
        }
        double[] sumConf = new double[bins];
        double[] sumAcc = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence outside [0,1]: " + c);
            }
            int b = Math.min(bins - 1, (int) Math.floor(c * bins));
            sumConf[b] += c;
            sumAcc[b] += correct[i] ? 1 : 0;
            n[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] > 0) {
                ece +=
                        (double) n[b]
                                / confidence.length
                                * Math.abs(sumAcc[b] / n[b] - sumConf[b] / n[b]);
            }
        }
        return ece;
    }
}
