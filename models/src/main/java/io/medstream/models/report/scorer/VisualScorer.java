package io.medstream.models.report.scorer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * R_image of CSR: 100·cos(image, sentence) from the {@link ScorerBlock}, as the reference code's
 * CLIP logit.
 */
public final class VisualScorer implements AutoCloseable, SentenceScorer {

    private final Model model;
    private final ScorerBlock block;
    private final ReportTokenizer tokenizer;
    private ModelRef ref;

    public VisualScorer(ReportTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.block = new ScorerBlock(tokenizer.size());
        this.model = Model.newInstance("report-scorer", "PyTorch");
        model.setBlock(block);
        block.initialize(
                model.getNDManager(),
                DataType.FLOAT32,
                SmallDrafter.imageShape(1),
                new Shape(1, 4));
        this.ref = new ModelRef("report-scorer", "untrained", "");
    }

    public static VisualScorer load(Path dir) throws IOException {
        VisualScorer s = new VisualScorer(ReportTokenizer.load(dir.resolve(Checkpoints.VOCAB)));
        Checkpoints.loadWeights(s.block, s.model.getNDManager(), dir);
        ModelCard card = ModelCard.read(dir);
        String sha = Checkpoints.sha256(dir.resolve(Checkpoints.WEIGHTS));
        if (!sha.equals(card.weightsSha256())) {
            throw new IOException("weights sha256 mismatch in " + dir);
        }
        s.ref = new ModelRef(card.name(), card.version(), sha);
        return s;
    }

    public String save(Path dir) throws IOException {
        Files.createDirectories(dir);
        tokenizer.save(dir.resolve(Checkpoints.VOCAB));
        return Checkpoints.saveWeights(block, dir);
    }

    public Model model() {
        return model;
    }

    public ScorerBlock block() {
        return block;
    }

    public ReportTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelRef modelRef() {
        return ref;
    }

    /** Names the weights this scorer serves (the trainer sets it when it saves a checkpoint). */
    public void setModelRef(ModelRef ref) {
        this.ref = ref;
    }

    /** 100·cos(image, sentence) for each sentence; one batched forward. */
    @Override
    public double[] score(float[] image, List<String> sentences) {
        if (sentences.isEmpty()) {
            return new double[0];
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray tok = tokens(m, tokenizer, sentences);
            NDArray img = m.create(image, SmallDrafter.imageShape(1));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(img, tok), false);
            float[] cos = out.get(1).matMul(out.get(0).transpose()).toFloatArray(); // (N, 1)
            double[] r = new double[cos.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = 100.0 * cos[i];
            }
            return r;
        }
    }

    /** (N, L) right-padded ids, truncated to {@link ScorerBlock#MAX_SENTENCE_TOKENS}. */
    public static NDArray tokens(NDManager m, ReportTokenizer tok, List<String> sentences) {
        int[][] ids = sentences.stream().map(tok::encode).toArray(int[][]::new);
        int l = 1;
        for (int[] a : ids) {
            l = Math.max(l, Math.min(a.length, ScorerBlock.MAX_SENTENCE_TOKENS));
        }
        int[] buf = new int[ids.length * l];
        for (int i = 0; i < ids.length; i++) {
            int k = Math.min(ids[i].length, l);
            System.arraycopy(ids[i], 0, buf, i * l, k);
            if (k == 0) {
                buf[i * l] =
                        ReportTokenizer.UNK_ID; // an empty sentence still needs one token to pool
            }
        }
        return m.create(buf, new Shape(ids.length, l));
    }

    @Override
    public void close() {
        model.close();
    }
}
