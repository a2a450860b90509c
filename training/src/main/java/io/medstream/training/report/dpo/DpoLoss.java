package io.medstream.training.report.dpo;

import ai.djl.ndarray.NDArray;

/**
 * The DPO loss (TRL "sigmoid" type, spec §4), with summed response log-probs: L = −log σ( β·[(log
 * π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l))] ).
 */
public final class DpoLoss {

    /** β of the reference code (TRL default, never overridden). */
    public static final double BETA = 0.1;

    private DpoLoss() {}

    /** The loss of one pair, in doubles (for logging and tests). Uses a stable log(1 + e^−z). */
    public static double loss(
            double policyChosen,
            double policyRejected,
            double refChosen,
            double refRejected,
            double beta) {
        double z = beta * ((policyChosen - refChosen) - (policyRejected - refRejected));
        return softplus(-z);
    }

    /**
     * Implicit reward of one response: β·(log π − log π_ref), as TRL logs rewards/chosen and
     * rewards/rejected.
     */
    public static double implicitReward(double policy, double ref, double beta) {
        return beta * (policy - ref);
    }

    /**
     * Mean loss over a batch, differentiable through the policy arrays. All inputs have shape (B);
     * the reference arrays must come from the frozen previous iterate (no gradient).
     */
    public static NDArray loss(
            NDArray policyChosen,
            NDArray policyRejected,
            NDArray refChosen,
            NDArray refRejected,
            double beta) {
        NDArray z = policyChosen.sub(refChosen).sub(policyRejected.sub(refRejected)).mul(beta);
        // −log σ(z) = softplus(−z) = max(−z,0) + log(1 + e^{−|z|}); stable for large |z|
        NDArray negZ = z.neg();
        return negZ.maximum(0f).add(z.abs().neg().exp().add(1f).log()).mean();
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
