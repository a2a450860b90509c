package io.medstream.training.samunet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * SAM-UNet's training loss (spec §12): sigmoid focal loss (γ = 2, α = 0.25, mean over pixels) + 20
 * × Dice loss (per mask, smooth 1, mean over masks), on low-res logits upsampled to the model frame
 * (bilinear, {@code align_corners=False}) against the resized, padded ground truth.
 *
 * <p>The 64 → 256 upsampling is done as two matrix products {@code U · X · Uᵀ} with a fixed
 * interpolation matrix U {@code [256,64]}, which equals PyTorch's {@code F.interpolate} and is
 * differentiable through DJL's autograd.
 */
public final class SegmentationLoss {

    public static final float FOCAL_ALPHA = 0.25f;
    public static final float DICE_WEIGHT = 20f;

    private SegmentationLoss() {}

    /**
     * Bilinear {@code align_corners=False} interpolation matrix from {@code in} to {@code out}
     * samples: {@code [out,in]}, row i holds the weights of output sample i.
     */
    public static float[] upsampleMatrix(int in, int out) {
        float[] u = new float[out * in];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max(0.0, (i + 0.5) * scale - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double w1 = src - i0;
            u[i * in + i0] += (float) (1.0 - w1);
            u[i * in + i1] += (float) w1;
        }
        return u;
    }

    /**
     * Upsamples logits {@code [N,1,L,L]} → {@code [N,S,S]}.
     *
     * @param u interpolation matrix {@code [S,L]}
     */
    public static NDArray upsample(NDArray lowRes, NDArray u) {
        Shape s = lowRes.getShape();
        // [N,1,L,L] → [N,L,L]
        NDArray x = lowRes.reshape(s.get(0), s.get(2), s.get(3));
        // [S,L] · [N,L,L] → [N,S,L]; · [L,S] → [N,S,S]
        return u.matMul(x).matMul(u.transpose());
    }

    /**
     * Total loss, a scalar.
     *
     * @param logits upsampled logits {@code [N,S,S]}
     * @param target 0/1 targets {@code [N,S,S]}
     */
    public static NDArray loss(NDArray logits, NDArray target) {
        return focal(logits, target).add(dice(logits, target).mul(DICE_WEIGHT));
    }

    /** Sigmoid focal loss, mean over all pixels and masks. */
    public static NDArray focal(NDArray x, NDArray t) {
        NDArray p = Activation.sigmoid(x);
        // BCE with logits: max(x,0) − x·t + log(1 + exp(−|x|))
        NDArray ce = x.maximum(0f).sub(x.mul(t)).add(x.abs().neg().exp().add(1f).log());
        // p_t = p·t + (1−p)(1−t); modulating factor (1 − p_t)^2
        NDArray pt = p.mul(t).add(p.neg().add(1f).mul(t.neg().add(1f)));
        NDArray mod = pt.neg().add(1f).square();
        NDArray alpha = t.mul(FOCAL_ALPHA).add(t.neg().add(1f).mul(1f - FOCAL_ALPHA));
        return ce.mul(mod).mul(alpha).mean();
    }

    /** Dice loss 1 − (2·Σpt + 1)/(Σp + Σt + 1) per mask, mean over masks. */
    public static NDArray dice(NDArray x, NDArray t) {
        NDArray p = Activation.sigmoid(x);
        int[] axes = {1, 2};
        NDArray inter = p.mul(t).sum(axes);
        NDArray denom = p.sum(axes).add(t.sum(axes)).add(1f);
        return inter.mul(2f).add(1f).div(denom).neg().add(1f).mean();
    }

    /** The interpolation matrix as an array in {@code manager}. */
    public static NDArray upsampleMatrix(NDManager manager, int in, int out) {
        return manager.create(upsampleMatrix(in, out), new Shape(out, in));
    }
}
