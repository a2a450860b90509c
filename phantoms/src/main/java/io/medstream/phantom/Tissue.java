package io.medstream.phantom;

import io.medstream.models.vocabulary.Modality;

/**
 * Nominal intensities of every tissue the phantom draws. A pixel's modality value is {@code nominal
 * + textureAmplitude·T(r,c) + N(0, σ)} with T a smooth zero-mean field in about [−1, 1] (see {@link
 * TextureField}) and σ the configured noise. Values documented in docs/PHANTOMS.md.
 *
 * <p>CT values are Hounsfield units. MR values are arbitrary T1-weighted-like units (fat bright,
 * fluid/flowing blood and cortical bone dark, liver brighter than spleen).
 */
public enum Tissue {
    //            CT HU   CT tex   MR     MR tex
    AIR(-1000, 0, 0, 0),
    FAT(-100, 8, 900, 40),
    SOFT_TISSUE(45, 6, 350, 20),
    LIVER(55, 6, 500, 25),
    SPLEEN(45, 5, 400, 20),
    KIDNEY(30, 6, 420, 25),
    BLOOD(40, 3, 80, 10),
    HEART(40, 4, 300, 20),
    BONE(700, 120, 600, 60),
    LUNG(-850, 25, 30, 10);

    private final double ctHu;
    private final double ctTexture;
    private final double mrValue;
    private final double mrTexture;

    Tissue(double ctHu, double ctTexture, double mrValue, double mrTexture) {
        this.ctHu = ctHu;
        this.ctTexture = ctTexture;
        this.mrValue = mrValue;
        this.mrTexture = mrTexture;
    }

    /** Nominal modality value: HU for CT, arbitrary units for MR. */
    public double nominal(Modality modality) {
        return modality == Modality.CT ? ctHu : mrValue;
    }

    /**
     * Amplitude of the smooth texture, in modality units (before {@link
     * PhantomConfig#textureScale()}).
     */
    public double textureAmplitude(Modality modality) {
        return modality == Modality.CT ? ctTexture : mrTexture;
    }
}
