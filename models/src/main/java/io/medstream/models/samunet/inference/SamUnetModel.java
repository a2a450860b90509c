package io.medstream.models.samunet.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.medstream.models.samunet.ManagerScrubber;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.WeightImporter;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An initialised {@link SamUnetBlock} with its weights and (when loaded from a folder) model card,
 * owning the NDManager that holds the parameters. Shared read-only by any number of {@link
 * SamUnetSegmenter}s (one per thread).
 *
 * <p>Sources: {@link #load(Path)} (a folder with {@code model.json} + weights), {@link #shipped()}
 * (the committed tiny model, classpath {@code /samunet/tiny/}), {@link #fromWeights} (a bare
 * safetensors file for a variant), {@link #fresh} (random initialisation with a seed).
 */
public final class SamUnetModel implements AutoCloseable {

    /** Classpath folder of the shipped tiny model. */
    public static final String SHIPPED_RESOURCE = "/samunet/tiny/";

    private final NDManager manager;
    private final SamUnetBlock block;
    private final SamUnetVariant variant;
    private final SamUnetModelCard card;
    private final ManagerScrubber scrubber;
    private final Object lock = new Object();

    private SamUnetModel(
            NDManager manager, SamUnetBlock block, SamUnetVariant variant, SamUnetModelCard card) {
        this.manager = manager;
        this.block = block;
        this.variant = variant;
        this.card = card;
        this.scrubber = new ManagerScrubber(manager);
    }

    /**
     * Runs {@code body} (a forward pass over this model's parameters) exclusively and closes the
     * temporaries it left in the parameters' manager (see {@link ManagerScrubber}). Calls on one
     * model are serialised; load one model per thread for parallel inference.
     */
    public <T> T exclusive(Supplier<T> body) {
        synchronized (lock) {
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

    /** Random initialisation with the blocks' own initialisers, engine seed {@code seed}. */
    public static SamUnetModel fresh(SamUnetVariant variant, long seed) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return new SamUnetModel(manager, initialise(variant, manager, seed), variant, null);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A variant with weights from a safetensors/npz file under official keys (strict). */
    public static SamUnetModel fromWeights(SamUnetVariant variant, Path weights)
            throws IOException {
        NDManager manager = NDManager.newBaseManager();
        try {
            SamUnetBlock block = initialise(variant, manager, 0);
            WeightImporter.importFile(block, weights);
            return new SamUnetModel(manager, block, variant, null);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A checkpoint folder: {@code model.json} names variant, mode and weight file. */
    public static SamUnetModel load(Path dir) throws IOException {
        return load(dir, Device.cpu());
    }

    /** A checkpoint folder, loaded onto {@code device} (a GPU when the operator was given one). */
    public static SamUnetModel load(Path dir, Device device) throws IOException {
        SamUnetModelCard card = SamUnetModelCard.read(dir.resolve(SamUnetModelCard.FILE_NAME));
        try (InputStream in =
                new BufferedInputStream(Files.newInputStream(dir.resolve(card.weights())))) {
            return fromCard(card, in, device);
        }
    }

    /** The committed tiny model (classpath resource). */
    public static SamUnetModel shipped() throws IOException {
        SamUnetModelCard card;
        try (InputStream in = resource(SamUnetModelCard.FILE_NAME)) {
            card = SamUnetModelCard.read(in);
        }
        try (InputStream in = new BufferedInputStream(resource(card.weights()))) {
            return fromCard(card, in, Device.cpu());
        }
    }

    /**
     * Wraps an initialised block (e.g. one being trained); the model takes over {@code manager}.
     */
    public static SamUnetModel wrap(
            NDManager manager, SamUnetBlock block, SamUnetVariant variant, SamUnetModelCard card) {
        return new SamUnetModel(manager, block, variant, card);
    }

    private static SamUnetModel fromCard(
            SamUnetModelCard card, InputStream weights, Device device) {
        SamUnetVariant variant = SamUnetVariant.fromName(card.variant());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SamUnetBlock block = initialise(variant, manager, card.initSeed());
            WeightImporter.importStream(block, weights);
            block.getImageEncoder().setFusionEnabled(!card.vitOnly());
            return new SamUnetModel(manager, block, variant, card);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SamUnetModel.class.getResourceAsStream(SHIPPED_RESOURCE + name);
        if (in == null) {
            throw new IOException(
                    "shipped SAM-UNet model resource missing: " + SHIPPED_RESOURCE + name);
        }
        return in;
    }

    /** Builds and initialises a block (B = 1, one box prompt) with engine seed {@code seed}. */
    public static SamUnetBlock initialise(SamUnetVariant variant, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        SamUnetBlock block = SamUnetBlock.forVariant(variant);
        int s = variant.config().imageSize();
        block.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(1, 3, s, s),
                new Shape(1, 2, 2),
                new Shape(1, 2));
        return block;
    }

    public SamUnetBlock block() {
        return block;
    }

    public SamUnetVariant variant() {
        return variant;
    }

    /** The model card, or null for fresh/bare-weight models. */
    public SamUnetModelCard card() {
        return card;
    }

    public NDManager manager() {
        return manager;
    }

    /** "shipped tiny", a folder, a weight file, or "fresh" — for logs. */
    public String describe() {
        return variant.registryName()
                + (card == null
                        ? ""
                        : " (" + card.mode() + ", sha256 " + card.sha256().substring(0, 12) + ")");
    }

    @Override
    public void close() {
        manager.close();
    }
}
