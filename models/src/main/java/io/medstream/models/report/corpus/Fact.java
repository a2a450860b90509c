package io.medstream.models.report.corpus;

import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;

/**
 * The structured meaning of one report sentence. Every sentence the corpus renders parses back to
 * exactly one Fact; a generated sentence that does not parse is "unparsed" (see {@link
 * SentenceParser}).
 *
 * @param kind what the sentence asserts
 * @param organ the organ (LESION, ORGAN_NEGATIVE), else null
 * @param contrast the lesion contrast (LESION), else null
 * @param sizeMm the stated longest diameter (LESION), else NaN
 * @param modality the stated modality (TECHNIQUE), else null
 * @param region the stated body region (TECHNIQUE), else null
 */
public record Fact(
        Kind kind,
        Organ organ,
        LesionContrast contrast,
        double sizeMm,
        Modality modality,
        BodyRegion region) {

    public enum Kind {
        /** "CT of the abdomen." */
        TECHNIQUE,
        /** A lesion in an organ: a positive finding, the object CHAIR counts. */
        LESION,
        /** "No focal lesion in the spleen." */
        ORGAN_NEGATIVE,
        /** "No focal lesion is identified." */
        GLOBAL_NEGATIVE
    }

    public static Fact technique(Modality modality, BodyRegion region) {
        return new Fact(Kind.TECHNIQUE, null, null, Double.NaN, modality, region);
    }

    public static Fact lesion(Organ organ, LesionContrast contrast, double sizeMm) {
        return new Fact(Kind.LESION, organ, contrast, sizeMm, null, null);
    }

    public static Fact organNegative(Organ organ) {
        return new Fact(Kind.ORGAN_NEGATIVE, organ, null, Double.NaN, null, null);
    }

    public static Fact globalNegative() {
        return new Fact(Kind.GLOBAL_NEGATIVE, null, null, Double.NaN, null, null);
    }
}
