package io.medstream.models.report.scorer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.medstream.models.report.drafter.ConvImageEncoder;
import io.medstream.models.report.drafter.SelfAttentionLayer;
import io.medstream.models.report.tokenizer.ReportTokenizer;

/**
 * The visual scorer (CLIP's role): two towers into a shared 64-d unit sphere.
 *
 * <p>Inputs: images (B, 2, 64, 64), sentence token ids (N, L) right-padded with &lt;pad&gt;.
 * Outputs: image embeddings (B, E) and sentence embeddings (N, E), both L2-normalised, so {@code
 * img · txtᵀ} is the cosine matrix. Image tower: CNN → mean of the 16 cell tokens → Linear.
 * Sentence tower: token + position embeddings → one transformer layer with a key-padding mask →
 * mean over non-pad tokens → Linear.
 */
public final class ScorerBlock extends AbstractBlock {

    public static final int EMBED = 64;
    public static final int WIDTH = 64;
    public static final int MAX_SENTENCE_TOKENS = 40;

    private final int vocab;
    private final ConvImageEncoder encoder;
    private final Linear imageProj;
    private final SelfAttentionLayer textLayer;
    private final Linear textProj;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;

    public ScorerBlock(int vocab) {
        super((byte) 1);
        this.vocab = vocab;
        encoder = addChildBlock("encoder", new ConvImageEncoder(WIDTH));
        imageProj = addChildBlock("imageProj", Linear.builder().setUnits(EMBED).build());
        textLayer = addChildBlock("textLayer", new SelfAttentionLayer(WIDTH, 4));
        textProj = addChildBlock("textProj", Linear.builder().setUnits(EMBED).build());
        tokenEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("tokenEmbedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(vocab, WIDTH))
                                .optInitializer(new NormalInitializer(0.05f))
                                .build());
        positionEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("positionEmbedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(MAX_SENTENCE_TOKENS, WIDTH))
                                .optInitializer(new NormalInitializer(0.05f))
                                .build());
    }

    public int vocab() {
        return vocab;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray tokens = inputs.get(1);
        NDManager m = tokens.getManager();
        long n = tokens.getShape().get(0);
        int l = (int) tokens.getShape().get(1);
        NDArray vis =
                encoder.forward(ps, new NDList(image), training)
                        .singletonOrThrow()
                        .mean(new int[] {1});
        NDArray img =
                normalise(
                        imageProj
                                .forward(ps, new NDList(vis), training)
                                .singletonOrThrow()); // (B, E)
        NDArray emb = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray pos = ps.getValue(positionEmbedding, tokens.getDevice(), training);
        NDArray x =
                tokens.oneHot(vocab)
                        .matMul(emb) // (N, L, W)
                        .add(m.arange(l).oneHot(MAX_SENTENCE_TOKENS).matMul(pos));
        NDArray keep = tokens.neq(ReportTokenizer.PAD_ID).toType(DataType.FLOAT32, false); // (N, L)
        // additive key-padding mask (N, 1, 1, L): 0 for tokens, −1e9 for pads
        NDArray mask = keep.sub(1f).mul(1e9f).reshape(n, 1, 1, l);
        x = textLayer.forward(ps, new NDList(x, mask), training).singletonOrThrow();
        // mean over real tokens: (N, L, W)·(N, L, 1) summed over L ÷ count
        NDArray pooled =
                x.mul(keep.expandDims(2)).sum(new int[] {1}).div(keep.sum(new int[] {1}, true));
        NDArray txt =
                normalise(
                        textProj.forward(ps, new NDList(pooled), training)
                                .singletonOrThrow()); // (N, E)
        return new NDList(img, txt);
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.square().sum(new int[] {-1}, true).add(1e-12f).sqrt());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), EMBED), new Shape(inputShapes[1].get(0), EMBED)
        };
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape t = new Shape(inputShapes[1].get(0), inputShapes[1].get(1), WIDTH);
        encoder.initialize(manager, dataType, inputShapes[0]);
        imageProj.initialize(manager, dataType, new Shape(b, WIDTH));
        textLayer.initialize(
                manager,
                dataType,
                t,
                new Shape(inputShapes[1].get(0), 1, 1, inputShapes[1].get(1)));
        textProj.initialize(manager, dataType, new Shape(inputShapes[1].get(0), WIDTH));
    }
}
