package io.medstream.models.report.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Sentence confidence = σ(w0 + w1·R_image/100 + w2·R_text), a two-feature Platt (logistic) mapping
 * fitted on validation phantoms by Newton's method (IRLS) with a small L2 penalty. R_image is the
 * raw 100·cos visual score, R_text the sentence's mean token log-prob under the drafter. The target
 * is "the sentence is true of the image" ({@code ReportJudge}). Logistic regression is calibrated
 * on its training distribution by construction (its score equations make predicted and observed
 * rates agree); ECE on held-out phantoms measures how well that transfers.
 */
public final class PlattCalibrator {

    @JsonProperty private final double[] w;

    public PlattCalibrator(@JsonProperty("w") double[] w) {
        if (w.length != 3) {
            throw new IllegalArgumentException("need 3 weights");
        }
        this.w = w.clone();
    }

    public double[] weights() {
        return w.clone();
    }

    public double confidence(double rImage, double rText) {
        double z = w[0] + w[1] * rImage / 100.0 + w[2] * rText;
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** Fits on (rImage[i], rText[i]) → label[i]. */
    public static PlattCalibrator fit(double[] rImage, double[] rText, boolean[] label) {
        int n = label.length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {1.0, rImage[i] / 100.0, rText[i]};
        }
        double[] w = new double[3];
        double l2 = 1e-3;
        for (int iter = 0; iter < 50; iter++) {
            double[] g = new double[3];
            double[][] h = new double[3][3];
            for (int i = 0; i < n; i++) {
                double z = w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2];
                double p = 1.0 / (1.0 + Math.exp(-z));
                double y = label[i] ? 1 : 0;
                for (int a = 0; a < 3; a++) {
                    g[a] += (p - y) * x[i][a];
                    for (int b = 0; b < 3; b++) {
                        h[a][b] += p * (1 - p) * x[i][a] * x[i][b];
                    }
                }
            }
            for (int a = 0; a < 3; a++) {
                g[a] += l2 * w[a];
                h[a][a] += l2;
            }
            double[] step = solve3(h, g);
            double max = 0;
            for (int a = 0; a < 3; a++) {
                w[a] -= step[a];
                max = Math.max(max, Math.abs(step[a]));
            }
            if (max < 1e-9) {
                break;
            }
        }
        return new PlattCalibrator(w);
    }

    /** Solves the 3×3 system h·s = g by Gaussian elimination with partial pivoting. */
    static double[] solve3(double[][] h, double[] g) {
        double[][] a = new double[3][4];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(h[i], 0, a[i], 0, 3);
            a[i][3] = g[i];
        }
        for (int c = 0; c < 3; c++) {
            int p = c;
            for (int r = c + 1; r < 3; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            for (int r = 0; r < 3; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k < 4; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
    }
}
