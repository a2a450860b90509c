package io.medstream.models.samunet.serving;

import ai.djl.Device;
import io.medstream.models.common.ShippedResources;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.auto.AutomaticMaskGenerator;
import io.medstream.models.samunet.inference.ImageRequest;
import io.medstream.models.samunet.inference.SamUnetModel;
import io.medstream.models.samunet.inference.SamUnetSegmenter;
import io.medstream.models.samunet.inference.SegmentationOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One loaded SAM-UNet version as the segment stage serves it: the model, its prompt segmenter and
 * the automatic mask generator for scans that arrive without prompts. A version is addressed by its
 * weight file; the model card ({@code model.json}) must sit beside it and name it.
 *
 * <p>Not thread-safe beyond what {@link SamUnetModel} guarantees (calls are serialised per model):
 * one service per operator subtask.
 */
public final class SegmentationService implements AutoCloseable {
    /** Classpath folder of the shipped tiny model. */
    public static final String SHIPPED_DIR = "/samunet/tiny";

    private final SamUnetModel model;
    private final SamUnetSegmenter segmenter;
    private final AutomaticMaskGenerator automatic;
    private final SamPreprocessor preprocessor = new SamPreprocessor();

    private SegmentationService(SamUnetModel model, AutoMaskOptions autoOptions) {
        this.model = model;
        this.segmenter = new SamUnetSegmenter(model);
        this.automatic = new AutomaticMaskGenerator(segmenter, autoOptions);
    }

    /**
     * Loads the version whose weights are {@code weightsFile} onto {@code device}.
     *
     * @throws IOException when the card is missing or names another weight file
     */
    public static SegmentationService load(
            Path weightsFile, Device device, AutoMaskOptions autoOptions) throws IOException {
        Path dir = weightsFile.toAbsolutePath().getParent();
        Path cardFile = dir.resolve(SamUnetModelCard.FILE_NAME);
        if (!Files.isRegularFile(cardFile)) {
            throw new IOException("no " + SamUnetModelCard.FILE_NAME + " beside " + weightsFile);
        }
        SamUnetModelCard card = SamUnetModelCard.read(cardFile);
        if (!card.weights().equals(weightsFile.getFileName().toString())) {
            throw new IOException(
                    cardFile
                            + " describes "
                            + card.weights()
                            + ", not "
                            + weightsFile.getFileName());
        }
        return new SegmentationService(SamUnetModel.load(dir, device), autoOptions);
    }

    /**
     * The identity of the shipped model, unpacked under {@code cacheRoot} when it sits in a jar:
     * name {@code samunet-<variant>}, version from the card's training record, URI = its weight
     * file.
     */
    public static ModelVersion shippedVersion(Path cacheRoot) throws IOException {
        Path dir = ShippedResources.directory(SHIPPED_DIR, cacheRoot);
        SamUnetModelCard card = SamUnetModelCard.read(dir.resolve(SamUnetModelCard.FILE_NAME));
        return new ModelVersion(
                "samunet-" + card.variant(),
                "shipped-" + card.sha256().substring(0, 12),
                dir.resolve(card.weights()).toUri().toString(),
                card.sha256());
    }

    /** Box/point-prompted segmentation of several images: one encoder batch. */
    public List<List<SegmentationOutput>> segmentBatch(List<ImageRequest> requests) {
        return segmenter.segmentBatch(requests);
    }

    /** Automatic mode for one image (no prompts): grid boxes, stability filter, NMS. */
    public List<AutoMask> automatic(ImageRequest request) {
        return automatic.generate(
                preprocessor.preprocess(
                        request.values(),
                        request.rows(),
                        request.cols(),
                        request.modality(),
                        request.window(),
                        request.monochrome1()));
    }

    public SamUnetModel model() {
        return model;
    }

    @Override
    public void close() {
        segmenter.close();
        model.close();
    }
}
