package io.medstream.phantom;

import io.medstream.models.vocabulary.Modality;

import java.util.List;

/**
 * Content of {@code findings.json}, the per-slice ground-truth document written by {@link
 * GroundTruthWriter}.
 *
 * @param formatVersion 1
 * @param seed generator seed
 * @param seriesIndex series index
 * @param sliceIndex 0-based slice index in the series
 * @param instanceNumber sliceIndex + 1
 * @param patientId synthetic patient id
 * @param studyInstanceUid study UID
 * @param seriesInstanceUid series UID
 * @param sopInstanceUid SOP instance UID (links the ground truth to the DICOM file)
 * @param modality CT or MR
 * @param bodyPart ABDOMEN or CHEST
 * @param rows image height
 * @param columns image width
 * @param pixelSpacingMm isotropic in-plane spacing
 * @param orientation the orientation convention in words (radiological)
 * @param structures one entry per mask file, in mask order
 * @param lesions structured findings, one per lesion mask
 */
public record GroundTruth(
        int formatVersion,
        long seed,
        long seriesIndex,
        int sliceIndex,
        int instanceNumber,
        String patientId,
        String studyInstanceUid,
        String seriesInstanceUid,
        String sopInstanceUid,
        Modality modality,
        String bodyPart,
        int rows,
        int columns,
        double pixelSpacingMm,
        String orientation,
        List<Structure> structures,
        List<LesionFinding> lesions) {

    /** The orientation sentence written into every document. */
    public static final String ORIENTATION =
            "radiological: row 0 = anterior, column 0 = patient right "
                    + "(patient left is image right); pixel-centre coordinates, row-major";

    /**
     * One mask file.
     *
     * @param name structure name ("body", "liver", "lesion_1", ...)
     * @param file path relative to the slice directory, "masks/&lt;name&gt;.png"
     * @param areaPixels number of set pixels
     */
    public record Structure(String name, String file, int areaPixels) {}
}
