package io.medstream.models.vocabulary;

/**
 * Patient side of a finding. Radiological convention: the patient's RIGHT is on the image LEFT (low
 * column index), the patient's LEFT on the image right. See {@code
 * PhantomConfig#midlineBandFraction()}.
 */
public enum Side {
    RIGHT,
    LEFT,
    MIDLINE;

    /**
     * Side from a column coordinate.
     *
     * @param centroidCol column of the centroid (pixel-centre coordinates, 0 = centre of the first
     *     column)
     * @param columns image width
     * @param bandFraction half-width of the midline band as a fraction of the image width
     */
    public static Side ofColumn(double centroidCol, int columns, double bandFraction) {
        double mid = (columns - 1) / 2.0;
        double band = bandFraction * columns;
        if (centroidCol < mid - band) {
            return RIGHT;
        }
        if (centroidCol > mid + band) {
            return LEFT;
        }
        return MIDLINE;
    }
}
