package io.medstream.training.report;

import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.training.report.eval.Ece;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    @Test
    void eceHandComputed() {
        // bin 0.9: conf 0.95, 0.95 → acc 1/2: |0.5 − 0.95| = 0.45, weight 2/4
        // bin 0.2: conf 0.25, 0.25 → acc 1/2: |0.5 − 0.25| = 0.25, weight 2/4 → ECE = 0.35
        assertEquals(
                0.35,
                Ece.of(
                        new double[] {0.95, 0.95, 0.25, 0.25},
                        new boolean[] {true, false, true, false},
                        10),
                1e-12);
        assertEquals(0.0, Ece.of(new double[] {1.0, 0.0}, new boolean[] {true, false}, 10), 1e-12);
    }

    @Test
    void plattRecoversALogisticLawAndIsCalibrated() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 4000;
        double[] img = new double[n];
        double[] txt = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            img[i] = r.nextDouble(-50, 50);
            txt[i] = r.nextDouble(-3, 0);
            double p = 1 / (1 + Math.exp(-(0.5 + 4 * img[i] / 100 + 1.0 * txt[i])));
            y[i] = r.nextDouble() < p;
        }
        PlattCalibrator c = PlattCalibrator.fit(img, txt, y);
        double[] w = c.weights();
        assertEquals(0.5, w[0], 0.25);
        assertEquals(4.0, w[1], 0.5);
        assertEquals(1.0, w[2], 0.3);
        double[] conf = new double[n];
        for (int i = 0; i < n; i++) {
            conf[i] = c.confidence(img[i], txt[i]);
        }
        assertTrue(Ece.of(conf, y, 10) < 0.03);
    }
}
