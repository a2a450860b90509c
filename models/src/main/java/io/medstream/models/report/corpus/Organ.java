package io.medstream.models.report.corpus;

import io.medstream.models.vocabulary.BodyRegion;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The lesion-host organs of the phantoms, with the phrase reports use for them. Paired organs carry
 * their side in the phrase ("right kidney"), so a side error is an organ error for CHAIR. The liver
 * and spleen are unpaired.
 */
public enum Organ {
    LIVER("liver", "liver", BodyRegion.ABDOMEN),
    SPLEEN("spleen", "spleen", BodyRegion.ABDOMEN),
    KIDNEY_RIGHT("kidney_right", "right kidney", BodyRegion.ABDOMEN),
    KIDNEY_LEFT("kidney_left", "left kidney", BodyRegion.ABDOMEN),
    LUNG_RIGHT("lung_right", "right lung", BodyRegion.CHEST),
    LUNG_LEFT("lung_left", "left lung", BodyRegion.CHEST);

    private final String maskName;
    private final String phrase;
    private final BodyRegion region;

    Organ(String maskName, String phrase, BodyRegion region) {
        this.maskName = maskName;
        this.phrase = phrase;
        this.region = region;
    }

    /** Phantom mask name, as in {@code LesionFinding.organ()}. */
    public String maskName() {
        return maskName;
    }

    /** Lower-case phrase used in sentences. */
    public String phrase() {
        return phrase;
    }

    /**
     * The organ without its side: "liver", "spleen", "kidney", "lung" (the StudyReport finding's
     * organ).
     */
    public String anatomicalName() {
        int i = maskName.indexOf('_');
        return i < 0 ? maskName : maskName.substring(0, i);
    }

    /** "right" or "left" for paired organs, null for the liver and spleen. */
    public String sideName() {
        int i = maskName.indexOf('_');
        return i < 0 ? null : maskName.substring(i + 1);
    }

    public BodyRegion region() {
        return region;
    }

    /** Phrase with a capital first letter, for sentence starts. */
    public String capitalised() {
        return Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    public static Organ ofMaskName(String name) {
        for (Organ o : values()) {
            if (o.maskName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("not a lesion-host organ: " + name);
    }

    /** Host organs of a region, in report order. */
    public static List<Organ> of(BodyRegion region) {
        return Arrays.stream(values()).filter(o -> o.region == region).toList();
    }

    /**
     * The organ named in a lower-case sentence, or null. Two-word phrases are tried first so that
     * "right kidney" is not read as something shorter.
     */
    public static Organ find(String lowerSentence) {
        Organ hit = null;
        int at = Integer.MAX_VALUE;
        for (Organ o : values()) {
            int i = lowerSentence.indexOf(o.phrase.toLowerCase(Locale.ROOT));
            if (i >= 0 && i < at) {
                hit = o;
                at = i;
            }
        }
        return hit;
    }
}
