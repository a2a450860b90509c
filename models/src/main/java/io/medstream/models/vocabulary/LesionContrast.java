package io.medstream.models.vocabulary;

/**
 * Contrast class of a lesion against its host organ: density for CT, signal intensity for MR. A
 * lesion is generated with a contrast of at least {@code PhantomConfig#ctMinLesionContrastHu()} HU
 * (CT) or {@code PhantomConfig#mrMinLesionContrast()} units (MR), so no isodense/isointense lesions
 * are produced.
 */
public enum LesionContrast {
    HYPODENSE,
    HYPERDENSE,
    HYPOINTENSE,
    HYPERINTENSE;

    /** Class for a lesion brighter ({@code brighter = true}) or darker than its organ. */
    public static LesionContrast of(Modality modality, boolean brighter) {
        if (modality == Modality.CT) {
            return brighter ? HYPERDENSE : HYPODENSE;
        }
        return brighter ? HYPERINTENSE : HYPOINTENSE;
    }
}
