package io.medstream.models.vocabulary;

/** Imaging modality of a phantom slice; the name is the DICOM Modality (0008,0060) value. */
public enum Modality {
    /**
     * CT: modality values are Hounsfield units; stored = HU + 1024 (signed 16-bit, slope 1,
     * intercept −1024).
     */
    CT,
    /** MR (T1-like): arbitrary units; stored = value (unsigned 16-bit, slope 1, intercept 0). */
    MR
}
