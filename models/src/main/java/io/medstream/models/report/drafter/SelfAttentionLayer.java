package io.medstream.models.report.drafter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pre-LayerNorm transformer layer: x + MHA(LN(x), mask) then x + MLP(LN(x)), MLP = Linear(4D) →
 * GELU → Linear(D).
 *
 * <p>Inputs: x (B, T, D) and an additive attention mask broadcastable to (B, H, T, T) (0 = attend,
 * −1e9 = blocked): the causal mask for the drafter, a key-padding mask for the scorer's sentence
 * encoder. Written by hand because DJL's TransformerEncoderBlock has no mask input.
 */
public final class SelfAttentionLayer extends AbstractBlock {

    private final int dim;
    private final int heads;
    private final LayerNorm ln1;
    private final Linear qkv;
    private final Linear proj;
    private final LayerNorm ln2;
    private final Linear fc1;
    private final Linear fc2;

    public SelfAttentionLayer(int dim, int heads) {
        super((byte) 1);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim must be divisible by heads");
        }
        this.dim = dim;
        this.heads = heads;
        ln1 = addChildBlock("ln1", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
        ln2 = addChildBlock("ln2", LayerNorm.builder().axis(2).build());
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(4L * dim).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int dh = dim / heads;
        NDArray h = ln1.forward(ps, new NDList(x), training).singletonOrThrow();
        NDList qkvs = qkv.forward(ps, new NDList(h), training).singletonOrThrow().split(3, 2);
        // each (B, T, D) → (B, T, H, dh) → (B, H, T, dh)
        NDArray q = qkvs.get(0).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray k = qkvs.get(1).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray v = qkvs.get(2).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        // scores (B, H, T, T) = q·kᵀ/√dh + mask
        NDArray att =
                q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh)).add(mask).softmax(-1);
        // (B, H, T, dh) → (B, T, H, dh) → (B, T, D)
        NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dim);
        x = x.add(proj.forward(ps, new NDList(o), training).singletonOrThrow());
        NDArray m = ln2.forward(ps, new NDList(x), training).singletonOrThrow();
        m = Activation.gelu(fc1.forward(ps, new NDList(m), training).singletonOrThrow());
        x = x.add(fc2.forward(ps, new NDList(m), training).singletonOrThrow());
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape wide = new Shape(s.get(0), s.get(1), 4L * dim);
        ln1.initialize(manager, dataType, s);
        qkv.initialize(manager, dataType, s);
        proj.initialize(manager, dataType, s);
        ln2.initialize(manager, dataType, s);
        fc1.initialize(manager, dataType, s);
        fc2.initialize(manager, dataType, wide);
    }

    /** Additive causal mask (1, 1, T, T): −1e9 above the diagonal, created on {@code m}. */
    public static NDArray causalMask(NDManager m, int t) {
        float[] a = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                a[i * t + j] = -1e9f;
            }
        }
        return m.create(a, new Shape(1, 1, t, t));
    }
}
