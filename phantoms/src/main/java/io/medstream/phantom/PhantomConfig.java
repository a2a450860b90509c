package io.medstream.phantom;

import io.medstream.models.vocabulary.Modality;

/**
 * Generator parameters. Every field is documented with its default in docs/PHANTOMS.md; {@link
 * #defaults()} gives them, the {@code with...} methods change one aspect and keep the rest.
 *
 * @param rows image height in pixels (default 256)
 * @param columns image width in pixels (default 256)
 * @param ctFraction probability that a series is CT (else MR), default 0.5
 * @param chestFraction probability that a series is a chest slice (else abdomen), default 0.35
 * @param maxLesions lesions per slice are uniform in [0, maxLesions], default 3
 * @param ctNoiseSigmaHu Gaussian noise σ for CT in HU, default 10
 * @param mrNoiseSigma Gaussian noise σ for MR in MR units, default 12
 * @param textureScale multiplier of every tissue texture amplitude, default 1 (0 = flat tissues)
 * @param lesionMinMm smallest lesion longest diameter in mm, default 3
 * @param lesionMaxMm largest lesion longest diameter in mm, default 40 (capped by what fits the
 *     organ)
 * @param pixelSpacingMinMm smallest in-plane pixel spacing in mm, default 0.6
 * @param pixelSpacingMaxMm largest in-plane pixel spacing in mm, default 1.0
 * @param sliceThicknessMm slice thickness and slice-to-slice distance in a series, default 5
 * @param ctMinLesionContrastHu smallest |lesion − organ| for CT in HU, default 25
 * @param ctMaxLesionContrastHu largest |lesion − organ| for CT in HU, default 70
 * @param mrMinLesionContrast smallest |lesion − organ| for MR, default 120
 * @param mrMaxLesionContrast largest |lesion − organ| for MR, default 300
 * @param midlineBandFraction half-width of the MIDLINE band around the image centre column, as a
 *     fraction of the image width, default 0.04
 */
public record PhantomConfig(
        int rows,
        int columns,
        double ctFraction,
        double chestFraction,
        int maxLesions,
        double ctNoiseSigmaHu,
        double mrNoiseSigma,
        double textureScale,
        double lesionMinMm,
        double lesionMaxMm,
        double pixelSpacingMinMm,
        double pixelSpacingMaxMm,
        double sliceThicknessMm,
        double ctMinLesionContrastHu,
        double ctMaxLesionContrastHu,
        double mrMinLesionContrast,
        double mrMaxLesionContrast,
        double midlineBandFraction) {

    /** CT display window written with every CT slice (soft tissue). */
    public static final double CT_WINDOW_CENTER = 40.0;

    public static final double CT_WINDOW_WIDTH = 400.0;

    /** MR display window written with every MR slice (covers the nominal 0–1000 range). */
    public static final double MR_WINDOW_CENTER = 500.0;

    public static final double MR_WINDOW_WIDTH = 1000.0;

    public PhantomConfig {
        require(
                rows >= 64 && columns >= 64 && rows <= 4096 && columns <= 4096,
                "size must be 64..4096");
        require(ctFraction >= 0 && ctFraction <= 1, "ctFraction must be in [0,1]");
        require(chestFraction >= 0 && chestFraction <= 1, "chestFraction must be in [0,1]");
        require(maxLesions >= 0 && maxLesions <= 10, "maxLesions must be in [0,10]");
        require(ctNoiseSigmaHu >= 0 && mrNoiseSigma >= 0, "noise sigma must be >= 0");
        require(textureScale >= 0, "textureScale must be >= 0");
        require(
                lesionMinMm > 0 && lesionMaxMm >= lesionMinMm,
                "need 0 < lesionMinMm <= lesionMaxMm");
        require(
                pixelSpacingMinMm > 0 && pixelSpacingMaxMm >= pixelSpacingMinMm,
                "need 0 < pixelSpacingMinMm <= pixelSpacingMaxMm");
        require(sliceThicknessMm > 0, "sliceThicknessMm must be > 0");
        require(
                ctMinLesionContrastHu > 0 && ctMaxLesionContrastHu >= ctMinLesionContrastHu,
                "need 0 < ctMinLesionContrastHu <= ctMaxLesionContrastHu");
        require(
                mrMinLesionContrast > 0 && mrMaxLesionContrast >= mrMinLesionContrast,
                "need 0 < mrMinLesionContrast <= mrMaxLesionContrast");
        require(
                midlineBandFraction >= 0 && midlineBandFraction < 0.5,
                "midlineBandFraction must be in [0,0.5)");
    }

    /** The documented defaults. */
    public static PhantomConfig defaults() {
        return new PhantomConfig(
                256, 256, 0.5, 0.35, 3, 10.0, 12.0, 1.0, 3.0, 40.0, 0.6, 1.0, 5.0, 25.0, 70.0,
                120.0, 300.0, 0.04);
    }

    public PhantomConfig withSize(int newRows, int newColumns) {
        return new PhantomConfig(
                newRows,
                newColumns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    /** Modality mix: 1 = CT only, 0 = MR only. */
    public PhantomConfig withCtFraction(double fraction) {
        return new PhantomConfig(
                rows,
                columns,
                fraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    /** Region mix: 1 = chest only, 0 = abdomen only. */
    public PhantomConfig withChestFraction(double fraction) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                fraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withMaxLesions(int max) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                max,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withNoise(double ctSigmaHu, double mrSigma) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctSigmaHu,
                mrSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withTextureScale(double scale) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                scale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withLesionSizeRangeMm(double minMm, double maxMm) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                minMm,
                maxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withPixelSpacingRangeMm(double minMm, double maxMm) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                minMm,
                maxMm,
                sliceThicknessMm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    public PhantomConfig withSliceThicknessMm(double mm) {
        return new PhantomConfig(
                rows,
                columns,
                ctFraction,
                chestFraction,
                maxLesions,
                ctNoiseSigmaHu,
                mrNoiseSigma,
                textureScale,
                lesionMinMm,
                lesionMaxMm,
                pixelSpacingMinMm,
                pixelSpacingMaxMm,
                mm,
                ctMinLesionContrastHu,
                ctMaxLesionContrastHu,
                mrMinLesionContrast,
                mrMaxLesionContrast,
                midlineBandFraction);
    }

    /** Noise σ for a modality, in modality units. */
    public double noiseSigma(Modality modality) {
        return modality == Modality.CT ? ctNoiseSigmaHu : mrNoiseSigma;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
