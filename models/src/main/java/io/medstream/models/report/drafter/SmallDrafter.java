package io.medstream.models.report.drafter;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.tokenizer.ReportTokenizer;
import io.medstream.schemas.ModelRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The in-repo drafter: a {@link DrafterBlock} with its tokenizer, as a {@link VisionLanguageModel}.
 */
public final class SmallDrafter implements VisionLanguageModel {

    private final Model model;
    private final DrafterBlock block;
    private final ReportTokenizer tokenizer;
    private ModelRef ref;

    /**
     * A fresh, initialised drafter (weights from the engine's seeded RNG: call Engine.setRandomSeed
     * first).
     */
    public SmallDrafter(DrafterConfig cfg, ReportTokenizer tokenizer) {
        if (cfg.vocabSize() != tokenizer.size()) {
            throw new IllegalArgumentException(
                    "config vocab " + cfg.vocabSize() + " != tokenizer " + tokenizer.size());
        }
        this.tokenizer = tokenizer;
        this.block = new DrafterBlock(cfg);
        this.model = Model.newInstance("report-drafter", "PyTorch");
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, imageShape(1), new Shape(1, 8));
        this.ref = new ModelRef("report-drafter", "untrained", "");
    }

    public static Shape imageShape(long batch) {
        return new Shape(batch, DrafterInput.CHANNELS, DrafterInput.SIZE, DrafterInput.SIZE);
    }

    public static SmallDrafter load(Path dir) throws IOException {
        DrafterConfig cfg =
                ModelCard.json()
                        .readValue(dir.resolve(Checkpoints.CONFIG).toFile(), DrafterConfig.class);
        SmallDrafter d =
                new SmallDrafter(cfg, ReportTokenizer.load(dir.resolve(Checkpoints.VOCAB)));
        Checkpoints.loadWeights(d.block, d.model.getNDManager(), dir);
        ModelCard card = ModelCard.read(dir);
        String sha = Checkpoints.sha256(dir.resolve(Checkpoints.WEIGHTS));
        if (!sha.equals(card.weightsSha256())) {
            throw new IOException(
                    "weights sha256 "
                            + sha
                            + " != model card "
                            + card.weightsSha256()
                            + " in "
                            + dir);
        }
        d.ref = new ModelRef(card.name(), card.version(), sha);
        return d;
    }

    /**
     * Writes config, vocabulary and weights; the caller writes the card with the returned sha256.
     */
    public String save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelCard.json().writeValue(dir.resolve(Checkpoints.CONFIG).toFile(), block.config());
        tokenizer.save(dir.resolve(Checkpoints.VOCAB));
        return Checkpoints.saveWeights(block, dir);
    }

    public void setModelRef(ModelRef ref) {
        this.ref = ref;
    }

    public Model model() {
        return model;
    }

    public DrafterBlock block() {
        return block;
    }

    @Override
    public ReportTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelRef modelRef() {
        return ref;
    }

    @Override
    public int maxResponseTokens() {
        return block.config().maxTokens() - 1;
    }

    @Override
    public float[][] nextTokenLogProbs(float[] image, List<int[]> prefixes) {
        int n = prefixes.size();
        int t = prefixes.stream().mapToInt(p -> p.length).max().orElseThrow();
        int v = tokenizer.size();
        try (NDManager m = model.getNDManager().newSubManager()) {
            // Right padding: with the causal mask, pads after a prefix cannot change its last
            // position's output.
            int[] ids = new int[n * t];
            for (int i = 0; i < n; i++) {
                System.arraycopy(prefixes.get(i), 0, ids, i * t, prefixes.get(i).length);
            }
            NDArray img = m.create(image, imageShape(1)).repeat(0, n); // (n, 2, 64, 64)
            NDArray tok = m.create(ids, new Shape(n, t)); // (n, t)
            NDArray logits =
                    block.forward(new ParameterStore(m, false), new NDList(img, tok), false)
                            .singletonOrThrow()
                            .logSoftmax(-1); // (n, t, V)
            float[] all = logits.toFloatArray();
            float[][] out = new float[n][v];
            for (int i = 0; i < n; i++) {
                int last = prefixes.get(i).length - 1;
                System.arraycopy(all, (i * t + last) * v, out[i], 0, v);
            }
            return out;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
