package io.medstream.models.vocabulary;

/**
 * Anatomical region of a slice; {@link #bodyPart()} is the DICOM BodyPartExamined (0018,0015)
 * value.
 */
public enum BodyRegion {
    /** Upper abdomen: liver, spleen, kidneys, aorta, vertebra. */
    ABDOMEN,
    /** Lower chest: lungs, heart, aorta, vertebra. */
    CHEST;

    public String bodyPart() {
        return name();
    }
}
