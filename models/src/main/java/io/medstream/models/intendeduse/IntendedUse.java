package io.medstream.models.intendeduse;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.medstream.dicom.image.ScanImage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a model was trained for, as its card declares it, and the attribute checks that follow from
 * it (the image content is judged by {@link OodDetector}).
 *
 * @param trainedFor one sentence a reader of the output understands
 * @param inputDomain where the training images came from, e.g. "synthetic phantoms"
 * @param modalities DICOM Modality values it was trained on, upper-case
 * @param bodyRegions body regions of its training images (documentation: DICOM rarely says)
 * @param minPixelSpacingMm smallest in-plane pixel spacing it was trained on
 * @param maxPixelSpacingMm largest in-plane pixel spacing it was trained on
 * @param boxPromptsOutside whether box-prompted use (a person drew the box) is allowed outside the
 *     intended use; automatic use never is
 */
@JsonPropertyOrder({
    "trainedFor",
    "inputDomain",
    "modalities",
    "bodyRegions",
    "minPixelSpacingMm",
    "maxPixelSpacingMm",
    "boxPromptsOutside"
})
public record IntendedUse(
        String trainedFor,
        String inputDomain,
        List<String> modalities,
        List<String> bodyRegions,
        double minPixelSpacingMm,
        double maxPixelSpacingMm,
        boolean boxPromptsOutside) {

    public IntendedUse {
        if (trainedFor == null || trainedFor.isBlank() || inputDomain == null) {
            throw new IllegalArgumentException("an intended use needs trainedFor and inputDomain");
        }
        if (modalities == null || modalities.isEmpty()) {
            throw new IllegalArgumentException("an intended use needs at least one modality");
        }
        if (!(minPixelSpacingMm > 0 && maxPixelSpacingMm >= minPixelSpacingMm)) {
            throw new IllegalArgumentException(
                    "need 0 < minPixelSpacingMm <= maxPixelSpacingMm, got "
                            + minPixelSpacingMm
                            + ", "
                            + maxPixelSpacingMm);
        }
        modalities = modalities.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        bodyRegions = bodyRegions == null ? List.of() : List.copyOf(bodyRegions);
    }

    /**
     * Why the slice's attributes put it outside this intended use, or empty when they do not.
     * Unknown spacing is outside: sizes in a report could not be measured.
     */
    public Optional<String> attributeRefusal(ScanImage image) {
        String modality = image.modality();
        if (!modalities.contains(modality)) {
            return Optional.of(
                    "modality "
                            + modality
                            + " is outside the intended use ("
                            + String.join(", ", modalities)
                            + ")");
        }
        if (image.spacing() == null) {
            return Optional.of("pixel spacing is unknown, so sizes cannot be measured");
        }
        double row = image.spacing().rowMm();
        double col = image.spacing().columnMm();
        for (double s : new double[] {row, col}) {
            if (s < minPixelSpacingMm || s > maxPixelSpacingMm) {
                return Optional.of(
                        String.format(
                                Locale.ROOT,
                                "pixel spacing %.3f mm is outside the intended use (%.2f–%.2f"
                                        + " mm)",
                                s,
                                minPixelSpacingMm,
                                maxPixelSpacingMm));
            }
        }
        return Optional.empty();
    }
}
