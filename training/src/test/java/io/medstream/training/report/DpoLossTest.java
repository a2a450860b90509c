package io.medstream.training.report;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.medstream.training.report.dpo.DpoLoss;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DPO loss against hand-computed values. */
class DpoLossTest {

    @Test
    void scalarValues() {
        // z = 0.1·((−10 − −12) − (−15 − −14)) = 0.1·(2 + 1) = 0.3; −log σ(0.3) = log(1 + e^−0.3) =
        // 0.5543552
        assertEquals(0.5543552, DpoLoss.loss(-10, -15, -12, -14, 0.1), 1e-7);
        // policy = reference: z = 0, loss = log 2
        assertEquals(Math.log(2), DpoLoss.loss(-7, -9, -7, -9, 0.1), 1e-12);
        // z = 0.1·((−20 − −10) − (−5 − −5)) = −1; loss = log(1 + e) = 1.3132617
        assertEquals(1.3132617, DpoLoss.loss(-20, -5, -10, -5, 0.1), 1e-7);
        // very large margin: stable, ≈ e^−z
        assertEquals(Math.exp(-100), DpoLoss.loss(1000, 0, 0, 0, 0.1), 1e-50);
        assertEquals(100.0, DpoLoss.loss(0, 1000, 0, 0, 0.1), 1e-9);
        assertEquals(0.2, DpoLoss.implicitReward(-10, -12, 0.1), 1e-12);
    }

    @Test
    void ndArrayMatchesAndHasTheRightGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pc = m.create(new float[] {-10f, -20f});
            NDArray pr = m.create(new float[] {-15f, -5f});
            NDArray rc = m.create(new float[] {-12f, -10f});
            NDArray rr = m.create(new float[] {-14f, -5f});
            pc.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = DpoLoss.loss(pc, pr, rc, rr, 0.1);
                assertEquals((0.5543552 + 1.3132617) / 2, loss.getFloat(), 1e-5);
                gc.backward(loss);
            }
            // dL/d(policyChosen_i) = −β·σ(−z_i) / B: z = 0.3 and −1
            float[] g = pc.getGradient().toFloatArray();
            assertEquals(-0.1 * (1 / (1 + Math.exp(0.3))) / 2, g[0], 1e-6);
            assertEquals(-0.1 * (1 / (1 + Math.exp(-1.0))) / 2, g[1], 1e-6);
        }
    }
}
