package io.medstream.models.intendeduse;

import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The detector's arithmetic on data whose distances are known, and the gate's series rule. */
class OodDetectorTest {
    private static final int D = ImageDescriptor.LENGTH;

    @Test
    void choleskyReproducesAKnownFactor() {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]
        double[] l = OodDetector.cholesky(new double[][] {{4, 0}, {2, 3}});
        assertThat(l[0]).isCloseTo(2, within(1e-12));
        assertThat(l[1]).isCloseTo(1, within(1e-12));
        assertThat(l[2]).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void distanceIsTheMahalanobisDistanceOfADiagonalCovariance() {
        // train on points ±σ_i along each axis: mean 0, sample variance σ_i²·n/(n−1)
        List<double[]> train = new ArrayList<>();
        double[] sigma = new double[D];
        for (int i = 0; i < D; i++) {
            sigma[i] = 0.5 + i * 0.01;
        }
        for (int i = 0; i < D; i++) {
            for (double sign : new double[] {1, -1}) {
                double[] x = new double[D];
                x[i] = sign * sigma[i];
                train.add(x);
            }
        }
        OodDetector det = OodDetector.fit(train, train, 100, 0.0, 1, 2);
        int n = train.size();
        double[] probe = new double[D];
        probe[3] = 1.0;
        probe[7] = -2.0;
        // var_i = 2σ_i² / (n − 1) (two non-zero points per axis, mean exactly 0)
        double expected =
                Math.sqrt(
                        1.0 / (2 * sigma[3] * sigma[3] / (n - 1))
                                + 4.0 / (2 * sigma[7] * sigma[7] / (n - 1)));
        assertThat(det.distance(probe)).isCloseTo(expected, within(1e-9 * expected));
        assertThat(det.distance(new double[D])).isCloseTo(0, within(1e-12));
    }

    @Test
    void thresholdIsTheNearestRankPercentileOfValidationDistances() {
        SplittableRandom rng = new SplittableRandom(5);
        List<double[]> train = gaussian(rng, 400);
        List<double[]> validation = gaussian(rng, 200);
        OodDetector det = OodDetector.fit(train, validation, 99.5, 0.1, 1, 2);
        double[] d = validation.stream().mapToDouble(det::distance).sorted().toArray();
        assertThat(det.threshold()).isEqualTo(d[198]); // ceil(0.995·200) = 199th smallest
        long inside = validation.stream().filter(det::inDistribution).count();
        assertThat(inside).isEqualTo(199);
    }

    @Test
    void refusesADetectorOfAnotherDescriptorOrTooFewTrainingPoints() {
        SplittableRandom rng = new SplittableRandom(6);
        OodDetector det = OodDetector.fit(gaussian(rng, 200), gaussian(rng, 50), 99, 0.1, 1, 2);
        assertThatThrownBy(
                        () ->
                                new OodDetector(
                                        "other-v9",
                                        det.mean(),
                                        det.cholesky(),
                                        det.threshold(),
                                        99,
                                        0.1,
                                        1,
                                        200,
                                        2,
                                        50))
                .hasMessageContaining("other-v9");
        assertThatThrownBy(() -> OodDetector.fit(gaussian(rng, D), gaussian(rng, 5), 99, 0.1, 1, 2))
                .hasMessageContaining("more than " + D);
    }

    @Test
    void aSeriesIsRefusedOnAttributesOrWhenMostSlicesAreFar() {
        IntendedUse use =
                new IntendedUse(
                        "tests", "synthetic phantoms", List.of("CT"), List.of(), 0.6, 1.0, false);
        ScanImage ct = image("CT", 0.8);
        double[] x = ImageDescriptor.of(ct);
        // a detector whose mean is this image: its own distance is 0, a constant image's is not
        OodDetector det = centredOn(x);
        IntendedUseGate gate = new IntendedUseGate(use, det);
        assertThat(gate.decide(List.of(ct)).analysed()).isTrue();

        GateDecision mr = gate.decide(List.of(image("MR", 0.8)));
        assertThat(mr.analysed()).isFalse();
        assertThat(mr.reason()).contains("modality MR is outside the intended use (CT)");

        GateDecision fine = gate.decide(List.of(image("CT", 0.3)));
        assertThat(fine.reason()).contains("pixel spacing 0.300 mm is outside the intended use");

        ScanImage unknown = new ScanImage(ct.values(), 64, 64, "CT", null, false, null, null, 1, 0);
        assertThat(gate.decide(List.of(unknown)).reason()).contains("pixel spacing is unknown");

        ScanImage flat = flat("CT");
        assertThat(det.distance(ImageDescriptor.of(flat))).isGreaterThan(det.threshold());
        // one far slice of three is analysed, two of three is not
        assertThat(gate.decide(List.of(ct, ct, flat)).analysed()).isTrue();
        GateDecision most = gate.decide(List.of(ct, flat, flat));
        assertThat(most.analysed()).isFalse();
        assertThat(most.outOfDistribution()).isEqualTo(2);
        assertThat(most.reason()).contains("2 of 3 slices are unlike the images");
    }

    private static OodDetector centredOn(double[] x) {
        double[] l = new double[D * (D + 1) / 2];
        for (int i = 0; i < D; i++) {
            l[i * (i + 1) / 2 + i] = 0.01; // Σ = 10⁻⁴·I
        }
        return new OodDetector(ImageDescriptor.VERSION, x.clone(), l, 1.0, 99, 0, 1, D + 1, 2, 1);
    }

    private static ScanImage image(String modality, double spacing) {
        double[] v = new double[64 * 64];
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                v[r * 64 + c] = ((r - 32) * (r - 32) + (c - 32) * (c - 32) < 400) ? 60 : -1000;
            }
        }
        return new ScanImage(
                v, 64, 64, modality, null, false, new PixelSpacingMm(spacing, spacing), null, 1, 0);
    }

    private static ScanImage flat(String modality) {
        return new ScanImage(
                new double[64 * 64],
                64,
                64,
                modality,
                null,
                false,
                new PixelSpacingMm(0.8, 0.8),
                null,
                1,
                0);
    }

    private static List<double[]> gaussian(SplittableRandom rng, int n) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] x = new double[D];
            for (int i = 0; i < D; i++) {
                double u = rng.nextDouble(1e-12, 1);
                x[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
            }
            out.add(x);
        }
        return out;
    }
}
