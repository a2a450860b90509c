package io.medstream.dicom.image;

/**
 * DICOM PixelSpacing (0028,0030) in mm: the distance between row centres, then between column
 * centres.
 *
 * @param rowMm spacing between adjacent rows (vertical), &gt; 0
 * @param columnMm spacing between adjacent columns (horizontal), &gt; 0
 */
public record PixelSpacingMm(double rowMm, double columnMm) {

    public PixelSpacingMm {
        if (!(rowMm > 0) || !(columnMm > 0) || Double.isInfinite(rowMm + columnMm)) {
            throw new IllegalArgumentException(
                    "pixel spacing needs two finite values > 0, got " + rowMm + "\\" + columnMm);
        }
    }

    /** The area of one pixel in mm², for areas of masks. */
    public double pixelAreaMm2() {
        return rowMm * columnMm;
    }
}
