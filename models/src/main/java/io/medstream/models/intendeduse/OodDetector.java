package io.medstream.models.intendeduse;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Arrays;
import java.util.List;

/**
 * Out-of-distribution detector: the Mahalanobis distance of an {@link ImageDescriptor} from the
 * training phantoms, with a threshold at a percentile of the validation phantoms' distances.
 *
 * <p>The covariance is shrunk towards a scaled identity ({@code (1 − α)·Σ + α·(tr Σ / d)·I}) so it
 * is well conditioned even where phantoms never vary (constant background blocks): without it a
 * real scan's tiny deviation in such a block would give an unbounded distance, and with it the
 * distance stays a measure of how unlike the training images a slice is. The shrunk covariance is
 * stored as its Cholesky factor L (Σ = L·Lᵀ), so d² = |L⁻¹(x − μ)|² by one forward substitution.
 *
 * @param descriptor {@link ImageDescriptor#VERSION} of the fit
 * @param mean μ, [d]
 * @param cholesky lower triangle of L, row-major: row i holds L[i][0..i], d·(d+1)/2 values
 * @param threshold distance above which a slice is out of distribution
 * @param percentile the validation percentile the threshold sits at
 * @param shrinkage α
 * @param trainSeed phantom seed of the fit
 * @param trainCount phantoms in the fit
 * @param validationSeed phantom seed of the threshold
 * @param validationCount phantoms behind the threshold
 */
@JsonPropertyOrder({
    "descriptor",
    "threshold",
    "percentile",
    "shrinkage",
    "trainSeed",
    "trainCount",
    "validationSeed",
    "validationCount",
    "mean",
    "cholesky"
})
public record OodDetector(
        String descriptor,
        double[] mean,
        double[] cholesky,
        double threshold,
        double percentile,
        double shrinkage,
        long trainSeed,
        int trainCount,
        long validationSeed,
        int validationCount) {

    public OodDetector {
        if (!ImageDescriptor.VERSION.equals(descriptor)) {
            throw new IllegalArgumentException(
                    "detector was fitted on descriptor '"
                            + descriptor
                            + "', this build computes '"
                            + ImageDescriptor.VERSION
                            + "'");
        }
        int d = ImageDescriptor.LENGTH;
        if (mean == null || mean.length != d || cholesky == null) {
            throw new IllegalArgumentException("detector needs a mean of " + d + " values");
        }
        if (cholesky.length != d * (d + 1) / 2) {
            throw new IllegalArgumentException(
                    "detector needs " + d * (d + 1) / 2 + " Cholesky values");
        }
        for (int i = 0; i < d; i++) {
            if (!(cholesky[i * (i + 1) / 2 + i] > 0)) {
                throw new IllegalArgumentException("Cholesky diagonal " + i + " is not positive");
            }
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
    }

    /** Mahalanobis distance of a descriptor from the training mean. */
    public double distance(double[] x) {
        int d = mean.length;
        if (x.length != d) {
            throw new IllegalArgumentException("descriptor of " + x.length + ", expected " + d);
        }
        double[] y = new double[d];
        double sum = 0;
        for (int i = 0; i < d; i++) { // solve L·y = x − μ
            int row = i * (i + 1) / 2;
            double v = x[i] - mean[i];
            for (int j = 0; j < i; j++) {
                v -= cholesky[row + j] * y[j];
            }
            y[i] = v / cholesky[row + i];
            sum += y[i] * y[i];
        }
        return Math.sqrt(sum);
    }

    /** True when the descriptor's distance is at most the threshold. */
    public boolean inDistribution(double[] x) {
        return distance(x) <= threshold;
    }

    /**
     * Fits mean and shrunk covariance on {@code train} and puts the threshold at {@code percentile}
     * of the distances of {@code validation}.
     *
     * @param percentile in (0, 100], e.g. 99.5
     * @param shrinkage α in [0, 1)
     */
    public static OodDetector fit(
            List<double[]> train,
            List<double[]> validation,
            double percentile,
            double shrinkage,
            long trainSeed,
            long validationSeed) {
        int d = ImageDescriptor.LENGTH;
        if (train.size() <= d) {
            throw new IllegalArgumentException(
                    "need more than " + d + " training descriptors, got " + train.size());
        }
        if (validation.isEmpty() || !(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException(
                    "need validation descriptors and 0 < percentile ≤ 100");
        }
        if (!(shrinkage >= 0 && shrinkage < 1)) {
            throw new IllegalArgumentException("shrinkage must be in [0, 1), got " + shrinkage);
        }
        double[] mean = new double[d];
        for (double[] x : train) {
            for (int i = 0; i < d; i++) {
                mean[i] += x[i] / train.size();
            }
        }
        double[][] cov = new double[d][d];
        for (double[] x : train) {
            for (int i = 0; i < d; i++) {
                double di = x[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += di * (x[j] - mean[j]) / (train.size() - 1);
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += cov[i][i];
        }
        double floor = shrinkage * trace / d;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i][j] = (1 - shrinkage) * cov[i][j] + (i == j ? floor : 0);
            }
        }
        double[] l = cholesky(cov);
        OodDetector provisional =
                new OodDetector(
                        ImageDescriptor.VERSION,
                        mean,
                        l,
                        1.0,
                        percentile,
                        shrinkage,
                        trainSeed,
                        train.size(),
                        validationSeed,
                        validation.size());
        double[] dist = validation.stream().mapToDouble(provisional::distance).sorted().toArray();
        // nearest-rank percentile: the smallest distance with at least p % of values at or below
        int rank = (int) Math.ceil(percentile / 100.0 * dist.length);
        double threshold = dist[Math.max(0, rank - 1)];
        return new OodDetector(
                ImageDescriptor.VERSION,
                mean,
                l,
                threshold,
                percentile,
                shrinkage,
                trainSeed,
                train.size(),
                validationSeed,
                validation.size());
    }

    /** Cholesky factor of a symmetric positive-definite matrix given by its lower triangle. */
    static double[] cholesky(double[][] a) {
        int d = a.length;
        double[] l = new double[d * (d + 1) / 2];
        for (int i = 0; i < d; i++) {
            int ri = i * (i + 1) / 2;
            for (int j = 0; j <= i; j++) {
                int rj = j * (j + 1) / 2;
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[ri + k] * l[rj + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException(
                                "covariance is not positive definite at " + i);
                    }
                    l[ri + i] = Math.sqrt(s);
                } else {
                    l[ri + j] = s / l[rj + j];
                }
            }
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OodDetector other
                && descriptor.equals(other.descriptor)
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(cholesky, other.cholesky)
                && threshold == other.threshold
                && percentile == other.percentile
                && shrinkage == other.shrinkage
                && trainSeed == other.trainSeed
                && trainCount == other.trainCount
                && validationSeed == other.validationSeed
                && validationCount == other.validationCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Double.hashCode(threshold);
    }

    @Override
    public String toString() {
        return String.format(
                "OodDetector[%s, threshold %.3f at p%.1f of %d validation phantoms (seed %d),"
                        + " fitted on %d (seed %d), shrinkage %.2f]",
                descriptor,
                threshold,
                percentile,
                validationCount,
                validationSeed,
                trainCount,
                trainSeed,
                shrinkage);
    }
}
