package io.medstream.models.samunet.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.common.ShippedModels;
import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.samunet.ManagerScrubber;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.WeightImporter;
import io.medstream.models.samunet.inference.SamUnetTranslator.PromptTokens;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one SAM-UNet predictor: each image is encoded once, its prompts are decoded in batches of
 * equal token count (at most {@link SamUnetTranslator#MAX_PROMPTS_PER_DECODE} per call), and {@link
 * #predictBatch} runs several images through the encoder as one batch {@code [B,3,S,S]}. Pre- and
 * post-processing are {@link SamUnetTranslator}'s; this class only moves its arrays in and out of
 * NDArrays and runs the two model calls.
 *
 * <p>Where the network comes from is a load option ({@link Options}), not a type: a checkpoint
 * folder, bare safetensors weights, the shipped tiny model (all run as DJL blocks, {@link
 * SamUnetBlock}) or two TorchScript files ({@code encoder.pt}, {@code decoder.pt}, traced with the
 * wrapper signatures of docs/sam-unet.md §10, run as {@code PtSymbolBlock}s). For the same weights
 * both give the same outputs up to float rounding.
 *
 * <p>Calls are serialised per predictor; every call works in a private sub-manager that is closed
 * before returning, and temporaries the blocks leave in the parameters' manager are scrubbed
 * ({@link ManagerScrubber}), so no native memory outlives a call. Load one predictor per thread for
 * parallel inference.
 */
public final class SamUnetPredictor implements AutoCloseable {

    /** File names looked up by {@link Options#torchScript(Path)}. */
    public static final String ENCODER_FILE = "encoder.pt";

    public static final String DECODER_FILE = "decoder.pt";

    /** The traced files freeze the input side (window padding, rel-pos indices depend on it). */
    static final int TORCHSCRIPT_IMAGE_SIZE = 256;

    /** Where the network comes from. */
    public enum Source {
        /** A folder with {@code model.json} and the weights it names. */
        CHECKPOINT,
        /** A bare safetensors/npz file under official keys, for a given variant. */
        WEIGHTS,
        /** The committed tiny model on the classpath. */
        SHIPPED,
        /** {@code encoder.pt} + {@code decoder.pt}. */
        TORCHSCRIPT
    }

    /**
     * How to load a predictor.
     *
     * @param source where the network comes from
     * @param path checkpoint folder, weight file or encoder file (null for {@link Source#SHIPPED})
     * @param decoderFile decoder file ({@link Source#TORCHSCRIPT} only)
     * @param variant variant of a bare weight file ({@link Source#WEIGHTS} only)
     * @param device where parameters and inputs live
     */
    public record Options(
            Source source, Path path, Path decoderFile, SamUnetVariant variant, Device device) {

        public static Options checkpoint(Path dir) {
            return new Options(Source.CHECKPOINT, dir, null, null, Device.cpu());
        }

        public static Options weights(SamUnetVariant variant, Path file) {
            return new Options(Source.WEIGHTS, file, null, variant, Device.cpu());
        }

        public static Options shipped() {
            return new Options(Source.SHIPPED, null, null, null, Device.cpu());
        }

        /** {@code dir/encoder.pt} and {@code dir/decoder.pt}. */
        public static Options torchScript(Path dir) {
            return torchScript(dir.resolve(ENCODER_FILE), dir.resolve(DECODER_FILE));
        }

        /** Two explicitly named {@code .pt} files. */
        public static Options torchScript(Path encoderFile, Path decoderFile) {
            return new Options(Source.TORCHSCRIPT, encoderFile, decoderFile, null, Device.cpu());
        }

        /** These options on {@code d} (a GPU when the operator was given one). */
        public Options on(Device d) {
            return new Options(source, path, decoderFile, variant, d);
        }
    }

    /**
     * Wall-clock split of the last call.
     *
     * @param preprocessMs windowing, resize, normalisation
     * @param encoderMs image encoder (all images of the call)
     * @param decoderMs prompt encoder + mask decoder (all prompts)
     * @param postprocessMs upsampling, crop, threshold, statistics
     * @param images images encoded
     * @param prompts prompts decoded
     */
    public record Timings(
            double preprocessMs,
            double encoderMs,
            double decoderMs,
            double postprocessMs,
            int images,
            int prompts) {}

    // native weights: the block and the manager owning its parameters; null for TorchScript
    private final SamUnetBlock block;
    private final NDManager parameters;
    private final ManagerScrubber scrubber;
    // TorchScript: the two modules (they carry their own parameters); null for native weights
    private final Model encoderModel;
    private final Model decoderModel;
    private final SamUnetVariant variant;
    private final SamUnetModelCard card;
    private final int imageSize;
    private final SamUnetTranslator translator;
    // per-call inputs and activations; not a sub-manager of the parameters' manager, which is
    // scrubbed after every call
    private final NDManager work;
    private final ParameterStore ps;
    private final Object lock = new Object();
    private Timings lastTimings;

    private SamUnetPredictor(
            SamUnetBlock block,
            NDManager parameters,
            Model encoderModel,
            Model decoderModel,
            SamUnetVariant variant,
            SamUnetModelCard card,
            Device device) {
        this.block = block;
        this.parameters = parameters;
        this.scrubber = parameters == null ? null : new ManagerScrubber(parameters);
        this.encoderModel = encoderModel;
        this.decoderModel = decoderModel;
        this.variant = variant;
        this.card = card;
        this.imageSize = block != null ? block.getConfig().imageSize() : TORCHSCRIPT_IMAGE_SIZE;
        this.translator = new SamUnetTranslator(imageSize);
        this.work = NDManager.newBaseManager(device);
        this.ps = new ParameterStore(work, false);
    }

    // ---- loading ----

    /**
     * Loads the network {@code options} name.
     *
     * @throws IOException when a file is missing (the message names every missing file), a card
     *     names no readable weights, or libtorch cannot read a TorchScript file
     */
    public static SamUnetPredictor load(Options options) throws IOException {
        return switch (options.source()) {
            case CHECKPOINT -> loadCheckpoint(options.path(), options.device());
            case WEIGHTS -> loadWeights(options.variant(), options.path(), options.device());
            case SHIPPED -> loadShipped(options.device());
            case TORCHSCRIPT ->
                    loadTorchScript(options.path(), options.decoderFile(), options.device());
        };
    }

    /** Random initialisation with the blocks' own initialisers, engine seed {@code seed}. */
    public static SamUnetPredictor fresh(SamUnetVariant variant, long seed) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return wrap(manager, initialise(variant, manager, seed), variant, null);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Wraps an initialised block (e.g. one being trained); the predictor takes over {@code
     * manager}, which must hold the block's parameters.
     */
    public static SamUnetPredictor wrap(
            NDManager manager, SamUnetBlock block, SamUnetVariant variant, SamUnetModelCard card) {
        return new SamUnetPredictor(block, manager, null, null, variant, card, manager.getDevice());
    }

    /** Builds and initialises a block (B = 1, one box prompt) with engine seed {@code seed}. */
    public static SamUnetBlock initialise(SamUnetVariant variant, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        SamUnetBlock b = SamUnetBlock.forVariant(variant);
        int s = variant.config().imageSize();
        // image [1,3,S,S], box corners [1,2,2] (x,y), their labels [1,2]
        b.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(1, 3, s, s),
                new Shape(1, 2, 2),
                new Shape(1, 2));
        return b;
    }

    private static SamUnetPredictor loadCheckpoint(Path dir, Device device) throws IOException {
        SamUnetModelCard card = SamUnetModelCard.read(dir.resolve(SamUnetModelCard.FILE_NAME));
        try (InputStream in =
                new BufferedInputStream(Files.newInputStream(dir.resolve(card.weights())))) {
            return fromCard(card, in, device);
        }
    }

    private static SamUnetPredictor loadWeights(SamUnetVariant variant, Path file, Device device)
            throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SamUnetBlock b = initialise(variant, manager, 0);
            WeightImporter.importFile(b, file);
            return wrap(manager, b, variant, null);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static SamUnetPredictor loadShipped(Device device) throws IOException {
        SamUnetModelCard card;
        try (InputStream in = resource(SamUnetModelCard.FILE_NAME)) {
            card = SamUnetModelCard.read(in);
        }
        try (InputStream in = new BufferedInputStream(resource(card.weights()))) {
            return fromCard(card, in, device);
        }
    }

    private static SamUnetPredictor fromCard(
            SamUnetModelCard card, InputStream weights, Device device) {
        SamUnetVariant variant = SamUnetVariant.fromName(card.variant());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SamUnetBlock b = initialise(variant, manager, card.initSeed());
            WeightImporter.importStream(b, weights);
            b.getImageEncoder().setFusionEnabled(!card.vitOnly());
            return wrap(manager, b, variant, card);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in =
                SamUnetPredictor.class.getResourceAsStream(ShippedModels.SAM_UNET + "/" + name);
        if (in == null) {
            throw new IOException(
                    "shipped SAM-UNet model resource missing: "
                            + ShippedModels.SAM_UNET
                            + "/"
                            + name);
        }
        return in;
    }

    private static SamUnetPredictor loadTorchScript(
            Path encoderFile, Path decoderFile, Device device) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path f : List.of(encoderFile, decoderFile)) {
            if (!Files.isRegularFile(f)) {
                missing.add(f.toAbsolutePath().toString());
            }
        }
        if (!missing.isEmpty()) {
            // name every missing file at once, not one per attempt
            throw new IOException(
                    "SAM-UNet TorchScript file(s) missing: "
                            + String.join(", ", missing)
                            + " (export them with tools/samunet_torchscript_fixtures.py)");
        }
        Model enc = loadModule("samunet-encoder", encoderFile, device);
        try {
            Model dec = loadModule("samunet-decoder", decoderFile, device);
            return new SamUnetPredictor(null, null, enc, dec, null, null, device);
        } catch (IOException | RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    private static Model loadModule(String name, Path file, Device device) throws IOException {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".pt")) {
            // DJL's PtModel appends ".pt" to any other name
            throw new IOException("SAM-UNet TorchScript file must end in .pt: " + file);
        }
        Model model = Model.newInstance(name, device, "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), fileName);
            return model;
        } catch (MalformedModelException | EngineException e) {
            model.close();
            // e.g. a file saved by a newer torch than the engine's libtorch, or not TorchScript
            throw new IOException("cannot load TorchScript " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    // ---- prediction ----

    /** Segments one image with its prompts (original pixel coordinates); one output per prompt. */
    public List<SegmentationOutput> predict(ScanImage image, List<SegmentationPrompt> prompts) {
        return predictBatch(List.of(image), List.of(prompts)).get(0);
    }

    /**
     * Segments several images: one encoder batch, then each image's prompts in decoder batches.
     *
     * @param prompts one non-empty list per image, original pixel coordinates
     */
    public List<List<SegmentationOutput>> predictBatch(
            List<ScanImage> images, List<List<SegmentationPrompt>> prompts) {
        long t0 = System.nanoTime();
        List<SamInput> inputs = new ArrayList<>();
        List<Double> pixelAreas = new ArrayList<>();
        for (ScanImage image : images) {
            inputs.add(translator.processImage(image));
            pixelAreas.add(image.pixelAreaMm2());
        }
        double pre = ms(t0);
        List<List<SegmentationOutput>> out = predictPreprocessed(inputs, pixelAreas, prompts);
        Timings t = lastTimings;
        lastTimings =
                new Timings(
                        pre,
                        t.encoderMs(),
                        t.decoderMs(),
                        t.postprocessMs(),
                        t.images(),
                        t.prompts());
        return out;
    }

    /** Segments already preprocessed images (one encoder batch). */
    public List<List<SegmentationOutput>> predictPreprocessed(
            List<SamInput> inputs,
            List<Double> pixelAreasMm2,
            List<List<SegmentationPrompt>> prompts) {
        if (inputs.isEmpty()
                || inputs.size() != prompts.size()
                || inputs.size() != pixelAreasMm2.size()) {
            throw new IllegalArgumentException(
                    "need ≥1 image and one prompt list and pixel area per image");
        }
        for (List<SegmentationPrompt> p : prompts) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("every image needs at least one prompt");
            }
        }
        return exclusive(() -> predictUnlocked(inputs, pixelAreasMm2, prompts));
    }

    /**
     * Encodes one preprocessed image and decodes all prompts, returning only the raw low-res logits
     * {@code [N][4G·4G]} (no post-processing; for the automatic mode's filtering).
     */
    public float[][] lowResLogits(SamInput input, List<SegmentationPrompt> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt is required");
        }
        return exclusive(
                () -> {
                    try (NDManager call = work.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDList enc = encode(call, List.of(input));
                        double encMs = ms(t0);
                        long td = System.nanoTime();
                        float[][] lowRes =
                                decodeAll(call, enc.get(0), enc.get(1), input.geometry(), prompts);
                        lastTimings = new Timings(0, encMs, ms(td), 0, 1, prompts.size());
                        return lowRes;
                    }
                });
    }

    /**
     * The input side of one image, as {@link #predictPreprocessed} and {@link #lowResLogits} take
     * it.
     */
    public SamInput preprocess(ScanImage image) {
        return translator.processImage(image);
    }

    private List<List<SegmentationOutput>> predictUnlocked(
            List<SamInput> inputs,
            List<Double> pixelAreasMm2,
            List<List<SegmentationPrompt>> prompts) {
        double decMs = 0;
        double postMs = 0;
        int promptCount = 0;
        List<List<SegmentationOutput>> out = new ArrayList<>();
        try (NDManager call = work.newSubManager()) {
            long t0 = System.nanoTime();
            NDList enc = encode(call, inputs);
            double encMs = ms(t0);
            // embeddings [B,P,G,G], multi-scale [B,P/8,4G,4G]
            NDArray emb = enc.get(0);
            NDArray multiScale = enc.get(1);
            for (int i = 0; i < inputs.size(); i++) {
                ResizeGeometry g = inputs.get(i).geometry();
                List<SegmentationPrompt> ps = prompts.get(i);
                long td = System.nanoTime();
                // [1,P,G,G] / [1,P/8,4G,4G]: image i, shared by its prompts
                float[][] lowRes =
                        decodeAll(
                                call,
                                emb.get(i).expandDims(0),
                                multiScale.get(i).expandDims(0),
                                g,
                                ps);
                decMs += ms(td);
                long tp = System.nanoTime();
                List<SegmentationOutput> outs = new ArrayList<>();
                for (int j = 0; j < lowRes.length; j++) {
                    outs.add(
                            SamUnetTranslator.processOutput(
                                    lowRes[j], g, ps.get(j), pixelAreasMm2.get(i)));
                }
                postMs += ms(tp);
                promptCount += ps.size();
                out.add(outs);
            }
            lastTimings = new Timings(0, encMs, decMs, postMs, inputs.size(), promptCount);
        }
        return out;
    }

    /**
     * Image encoder over the images side by side in one buffer {@code [B,3,S,S]}; the result
     * (embeddings {@code [B,P,G,G]}, multi-scale {@code [B,P/8,4G,4G]}) is attached to {@code call}
     * and computed before returning so that the timing is the encoder's.
     */
    private NDList encode(NDManager call, List<SamInput> inputs) {
        int b = inputs.size();
        int plane = 3 * imageSize * imageSize;
        float[] chw = new float[b * plane];
        for (int i = 0; i < b; i++) {
            System.arraycopy(inputs.get(i).chw(), 0, chw, i * plane, plane);
        }
        NDList enc = encodeImages(call.create(chw, new Shape(b, 3, imageSize, imageSize)));
        enc.attach(call);
        enc.get(0).toFloatArray(); // forces the computation
        return enc;
    }

    /**
     * The image encoder call: {@code [B,3,S,S]} → NDList(embeddings {@code [B,P,G,G]}, multi_scale
     * {@code [B,P/8,4G,4G]}); outputs may live in any manager.
     */
    NDList encodeImages(NDArray images) {
        if (block != null) {
            return block.encode(ps, images, false);
        }
        NDList enc = encoderModel.getBlock().forward(ps, new NDList(images), false);
        if (enc.size() != 2) {
            throw new IllegalStateException(
                    "encoder.pt must return (image_embeddings, multi_scale); returned "
                            + enc.size()
                            + " tensors");
        }
        return enc;
    }

    /** Decodes every prompt of one image in groups; result in prompt order. */
    private float[][] decodeAll(
            NDManager call,
            NDArray emb,
            NDArray multiScale,
            ResizeGeometry g,
            List<SegmentationPrompt> prompts) {
        float[][] lowRes = new float[prompts.size()][];
        for (List<Integer> group : SamUnetTranslator.decoderGroups(prompts)) {
            // one sub-manager per decoder batch: its activations are freed before the next batch
            try (NDManager batch = call.newSubManager()) {
                PromptTokens tokens = SamUnetTranslator.processPrompts(g, prompts, group);
                int n = tokens.count();
                NDArray coords = batch.create(tokens.coords(), new Shape(n, tokens.tokens(), 2));
                NDArray labels = batch.create(tokens.labels(), new Shape(n, tokens.tokens()));
                // [N,1,4G,4G]
                NDArray logits = decode(emb, multiScale, coords, labels);
                logits.attach(batch);
                float[] flat = logits.toFloatArray();
                int plane = flat.length / n;
                for (int j = 0; j < n; j++) {
                    float[] one = new float[plane];
                    System.arraycopy(flat, j * plane, one, 0, plane);
                    lowRes[group.get(j)] = one;
                }
            }
        }
        return lowRes;
    }

    /**
     * The prompt encoder + mask decoder call for the prompts of one image.
     *
     * @param emb {@code [1,P,G,G]}
     * @param multiScale {@code [1,P/8,4G,4G]}
     * @param coords {@code [N,K,2]} (x,y) in the resized S frame
     * @param labels {@code [N,K]}
     * @return low-res logits {@code [N,1,4G,4G]}, in any manager
     */
    NDArray decode(NDArray emb, NDArray multiScale, NDArray coords, NDArray labels) {
        if (block != null) {
            return block.decode(ps, emb, multiScale, coords, labels, false);
        }
        return decoderModel
                .getBlock()
                .forward(ps, new NDList(emb, multiScale, coords, labels), false)
                .singletonOrThrow();
    }

    /**
     * Runs {@code body} exclusively; with native weights, the temporaries it left in the
     * parameters' manager are closed afterwards (see {@link ManagerScrubber}).
     */
    <T> T exclusive(Supplier<T> body) {
        synchronized (lock) {
            if (scrubber == null) {
                return body.get();
            }
            if (!scrubber.hasSnapshot()) {
                scrubber.snapshot();
            }
            try {
                return body.get();
            } finally {
                scrubber.scrub();
            }
        }
    }

    // ---- accessors ----

    /** Timings of the last call, or null before the first. */
    public Timings lastTimings() {
        return lastTimings;
    }

    /** Model input side S. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether the network runs from TorchScript files rather than DJL blocks. */
    public boolean isTorchScript() {
        return block == null;
    }

    /**
     * The DJL block (export, benchmarks, training).
     *
     * @throws IllegalStateException for a TorchScript predictor
     */
    public SamUnetBlock block() {
        if (block == null) {
            throw new IllegalStateException("a TorchScript predictor has no SamUnetBlock");
        }
        return block;
    }

    /**
     * The manager holding the block's parameters.
     *
     * @throws IllegalStateException for a TorchScript predictor
     */
    public NDManager parameters() {
        if (parameters == null) {
            throw new IllegalStateException("a TorchScript predictor has no parameter manager");
        }
        return parameters;
    }

    /** The variant, or null for TorchScript. */
    public SamUnetVariant variant() {
        return variant;
    }

    /** The model card, or null for fresh, bare-weight and TorchScript predictors. */
    public SamUnetModelCard card() {
        return card;
    }

    /** Variant and card identity, or "torchscript" — for logs. */
    public String describe() {
        if (block == null) {
            return "torchscript";
        }
        return variant.registryName()
                + (card == null
                        ? ""
                        : " (" + card.mode() + ", sha256 " + card.sha256().substring(0, 12) + ")");
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    public void close() {
        work.close();
        if (parameters != null) {
            parameters.close();
        }
        if (decoderModel != null) {
            decoderModel.close();
        }
        if (encoderModel != null) {
            encoderModel.close();
        }
    }
}
