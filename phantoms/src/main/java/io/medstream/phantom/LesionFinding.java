package io.medstream.phantom;

import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Side;

/**
 * Structured ground truth of one lesion. Geometry is in pixel-centre coordinates of the slice (row
 * 0 anterior, column 0 = patient right).
 *
 * @param id lesion id, also the mask name: "lesion_1", "lesion_2", ...
 * @param organ host organ (mask name), e.g. "liver", "kidney_left", "lung_right"
 * @param side patient side from the centroid column ({@link Side#ofColumn})
 * @param longestDiameterMm longest diameter in mm: the drawn ellipse's major axis
 *     (2·a·pixelSpacing); the mask's pixel-centre diameter is within two pixels of it
 * @param contrast hypo/hyper-dense (CT) or hypo/hyper-intense (MR) against the host organ
 * @param lesionValue nominal lesion modality value (HU or MR units) before texture and noise
 * @param organValue nominal host-organ modality value
 * @param centroidRow mean row of the lesion mask
 * @param centroidCol mean column of the lesion mask
 * @param minRow bounding box, inclusive
 * @param minCol bounding box, inclusive
 * @param maxRow bounding box, inclusive
 * @param maxCol bounding box, inclusive
 * @param areaPixels number of mask pixels
 */
public record LesionFinding(
        String id,
        String organ,
        Side side,
        double longestDiameterMm,
        LesionContrast contrast,
        double lesionValue,
        double organValue,
        double centroidRow,
        double centroidCol,
        int minRow,
        int minCol,
        int maxRow,
        int maxCol,
        int areaPixels) {}
