package io.medstream.models.samunet.serving;

import ai.djl.Device;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.common.ShippedModels;
import io.medstream.models.intendeduse.GateDecision;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.auto.AutomaticMaskGenerator;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One loaded SAM-UNet version as the segment stage serves it (the handle {@link
 * io.medstream.models.lifecycle.ModelSlot} swaps): the predictor and the automatic mask generator
 * for scans that arrive without prompts. A version is addressed by its weight file; the model card
 * ({@code model.json}) must sit beside it and name it.
 *
 * <p>Calls are serialised by the predictor: one service per operator subtask.
 */
public final class SegmentationService implements AutoCloseable {
    private final SamUnetPredictor predictor;
    private final AutomaticMaskGenerator automatic;
    private final IntendedUseGate intendedUse;

    private SegmentationService(
            SamUnetPredictor predictor, AutoMaskOptions autoOptions, IntendedUseGate intendedUse) {
        this.predictor = predictor;
        this.automatic = new AutomaticMaskGenerator(predictor, autoOptions);
        this.intendedUse = intendedUse;
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
        // nullable: official or foreign weights come without a declaration, and then automatic
        // mode does not run (box prompts still do: a person chose what to segment)
        IntendedUseGate gate = IntendedUseGate.read(dir).orElse(null);
        return new SegmentationService(
                SamUnetPredictor.load(SamUnetPredictor.Options.checkpoint(dir).on(device)),
                autoOptions,
                gate);
    }

    /**
     * The identity of the shipped model ({@link ShippedModels#samUnetDir()}): name {@code
     * samunet-<variant>}, version from the card's training record, URI = its weight file.
     */
    public static ModelVersion shippedVersion() throws IOException {
        Path dir = ShippedModels.samUnetDir();
        SamUnetModelCard card = SamUnetModelCard.read(dir.resolve(SamUnetModelCard.FILE_NAME));
        return new ModelVersion(
                "samunet-" + card.variant(),
                "shipped-" + card.sha256().substring(0, 12),
                dir.resolve(card.weights()).toUri().toString(),
                card.sha256());
    }

    /**
     * Box/point-prompted segmentation of several images: one encoder batch.
     *
     * @param prompts one non-empty list per image, original pixel coordinates
     */
    public List<List<SegmentationOutput>> segmentBatch(
            List<ScanImage> images, List<List<SegmentationPrompt>> prompts) {
        return predictor.predictBatch(images, prompts);
    }

    /**
     * Why automatic mode must not run on this image, or empty when it may: automatic mode runs only
     * inside the intended use the model's card declares ({@value IntendedUseGate#FILE}), because
     * nobody chose what it segments.
     */
    public Optional<String> automaticRefusal(ScanImage image) {
        if (intendedUse == null) {
            return Optional.of(
                    "Not analysed: the segmentation model declares no intended use ("
                            + IntendedUseGate.FILE
                            + "), so automatic mode does not run; send box prompts instead");
        }
        GateDecision d = intendedUse.decide(List.of(image));
        return d.analysed() ? Optional.empty() : Optional.of(d.reason());
    }

    /** What the model was trained for, when its card declares it. */
    public Optional<IntendedUseGate> intendedUse() {
        return Optional.ofNullable(intendedUse);
    }

    /** Automatic mode for one image (no prompts): grid boxes, stability filter, NMS. */
    public List<AutoMask> automatic(ScanImage image) {
        return automatic.generate(predictor.preprocess(image));
    }

    public SamUnetPredictor predictor() {
        return predictor;
    }

    @Override
    public void close() {
        predictor.close();
    }
}
