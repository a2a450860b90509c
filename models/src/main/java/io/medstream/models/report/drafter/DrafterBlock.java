package io.medstream.models.report.drafter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The report drafter: image encoder → projector → 16 prefix tokens → causal transformer decoder →
 * next-token logits.
 *
 * <p>Inputs: image (B, 2, 64, 64) float, tokens (B, T) integer ids (BOS first). Output: logits (B,
 * T, V); position t predicts token t+1. The sequence the decoder sees is [16 visual tokens | T text
 * tokens], fully causal.
 *
 * <p>Array managers: every op is invoked on an activation, never on a parameter, so intermediates
 * belong to the caller's (sub-)manager and are freed with it.
 */
public final class DrafterBlock extends AbstractBlock {

    private final DrafterConfig cfg;
    private final ConvImageEncoder encoder;
    private final Linear proj1;
    private final Linear proj2;
    private final List<SelfAttentionLayer> layers = new ArrayList<>();
    private final LayerNorm lnF;
    private final Linear head;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;

    public DrafterBlock(DrafterConfig cfg) {
        super((byte) 1);
        this.cfg = cfg;
        encoder = addChildBlock("encoder", new ConvImageEncoder(128));
        proj1 = addChildBlock("proj1", Linear.builder().setUnits(cfg.dim()).build());
        proj2 = addChildBlock("proj2", Linear.builder().setUnits(cfg.dim()).build());
        for (int i = 0; i < cfg.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new SelfAttentionLayer(cfg.dim(), cfg.heads())));
        }
        lnF = addChildBlock("lnF", LayerNorm.builder().axis(2).build());
        head = addChildBlock("head", Linear.builder().setUnits(cfg.vocabSize()).build());
        tokenEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("tokenEmbedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(cfg.vocabSize(), cfg.dim()))
                                .optInitializer(new NormalInitializer(0.02f))
                                .build());
        positionEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("positionEmbedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(cfg.maxPositions(), cfg.dim()))
                                .optInitializer(new NormalInitializer(0.02f))
                                .build());
    }

    public DrafterConfig config() {
        return cfg;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray tokens = inputs.get(1);
        NDManager m = tokens.getManager();
        long b = tokens.getShape().get(0);
        int t = (int) tokens.getShape().get(1);
        int p = ConvImageEncoder.TOKENS;
        if (t > cfg.maxTokens()) {
            throw new IllegalArgumentException(
                    "sequence of " + t + " tokens > maxTokens " + cfg.maxTokens());
        }
        NDArray vis =
                encoder.forward(ps, new NDList(image), training).singletonOrThrow(); // (B, 16, 128)
        vis = Activation.gelu(proj1.forward(ps, new NDList(vis), training).singletonOrThrow());
        vis = proj2.forward(ps, new NDList(vis), training).singletonOrThrow(); // (B, 16, D)
        NDArray emb = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray txt = tokens.oneHot(cfg.vocabSize()).matMul(emb); // (B, T, D)
        NDArray x = NDArrays.concat(new NDList(vis, txt), 1); // (B, 16+T, D)
        NDArray pos = ps.getValue(positionEmbedding, tokens.getDevice(), training);
        x = x.add(m.arange(p + t).oneHot(cfg.maxPositions()).matMul(pos)); // + (16+T, D)
        NDArray mask = SelfAttentionLayer.causalMask(m, p + t);
        for (SelfAttentionLayer l : layers) {
            x = l.forward(ps, new NDList(x, mask), training).singletonOrThrow();
        }
        x = lnF.forward(ps, new NDList(x), training).singletonOrThrow();
        x = x.get(new NDIndex(":, " + p + ":, :")); // (B, T, D)
        NDArray logits = head.forward(ps, new NDList(x), training).singletonOrThrow(); // (B, T, V)
        return new NDList(logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tok = inputShapes[1];
        return new Shape[] {new Shape(tok.get(0), tok.get(1), cfg.vocabSize())};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long seq = ConvImageEncoder.TOKENS + inputShapes[1].get(1);
        encoder.initialize(manager, dataType, inputShapes[0]);
        proj1.initialize(
                manager, dataType, new Shape(b, ConvImageEncoder.TOKENS, encoder.channels()));
        proj2.initialize(manager, dataType, new Shape(b, ConvImageEncoder.TOKENS, cfg.dim()));
        Shape x = new Shape(b, seq, cfg.dim());
        for (SelfAttentionLayer l : layers) {
            l.initialize(manager, dataType, x, new Shape(1, 1, seq, seq));
        }
        lnF.initialize(manager, dataType, x);
        head.initialize(manager, dataType, new Shape(b, inputShapes[1].get(1), cfg.dim()));
    }

    /**
     * Per-token log-probs of the targets: tokens (B, T) → (B, T−1) log P(tokens[:, t+1] | image,
     * tokens[:, ≤t]), and 0 where the target is padding. Differentiable; used by training, DPO and
     * decoding.
     */
    public static NDArray targetLogProbs(NDArray logits, NDArray tokens, int padId) {
        long t = tokens.getShape().get(1);
        int v = (int) logits.getShape().get(2);
        NDArray lp =
                logits.get(new NDIndex(":, :" + (t - 1) + ", :")).logSoftmax(-1); // (B, T−1, V)
        NDArray target = tokens.get(new NDIndex(":, 1:")); // (B, T−1)
        NDArray picked = lp.mul(target.oneHot(v)).sum(new int[] {-1}); // (B, T−1)
        NDArray keep = target.neq(padId).toType(DataType.FLOAT32, false);
        return picked.mul(keep);
    }
}
