package io.medstream.models.report.corpus;

import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one sentence back to a {@link Fact}. It reads any phrasing built from the corpus vocabulary,
 * not only the exact templates: it looks for an organ phrase, a negation cue, the word
 * "lesion"/"abnormality", a contrast word, a size in mm and a modality/region pair. A sentence that
 * names a lesion but no organ, or that is otherwise not one of the four fact kinds, is unparsed
 * (empty), and evaluation counts it as not true of the image.
 */
public final class SentenceParser {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*mm\\b");
    private static final Pattern NEGATION =
            Pattern.compile("\\b(no|without|unremarkable|absent|not)\\b");
    private static final Pattern LESION_WORD =
            Pattern.compile("\\b(lesion|lesions|abnormality|mass|nodule)\\b");
    private static final Pattern MODALITY = Pattern.compile("\\b(ct|mr|mri)\\b");
    private static final Pattern REGION = Pattern.compile("\\b(abdomen|chest)\\b");

    private SentenceParser() {}

    public static Optional<Fact> parse(String sentence) {
        String s = sentence.toLowerCase(Locale.ROOT).strip();
        Organ organ = Organ.find(s);
        boolean negated = NEGATION.matcher(s).find();
        boolean lesionWord = LESION_WORD.matcher(s).find();
        LesionContrast contrast = contrast(s);
        if (organ != null) {
            if (negated) {
                // A negated sentence must not also carry a measurement or contrast: "no lesion, 12
                // mm" is garbage.
                if (contrast != null || SIZE.matcher(s).find()) {
                    return Optional.empty();
                }
                return Optional.of(Fact.organNegative(organ));
            }
            if (!lesionWord || contrast == null) {
                return Optional.empty();
            }
            Matcher m = SIZE.matcher(s);
            double size = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            return Optional.of(Fact.lesion(organ, contrast, size));
        }
        if (negated && lesionWord && contrast == null) {
            return Optional.of(Fact.globalNegative());
        }
        Matcher mod = MODALITY.matcher(s);
        Matcher reg = REGION.matcher(s);
        if (!lesionWord && !negated && mod.find() && reg.find()) {
            Modality modality = mod.group(1).equals("ct") ? Modality.CT : Modality.MR;
            BodyRegion region =
                    reg.group(1).equals("chest") ? BodyRegion.CHEST : BodyRegion.ABDOMEN;
            return Optional.of(Fact.technique(modality, region));
        }
        return Optional.empty();
    }

    private static LesionContrast contrast(String s) {
        LesionContrast hit = null;
        for (LesionContrast c : LesionContrast.values()) {
            if (Pattern.compile("\\b" + c.name().toLowerCase(Locale.ROOT) + "\\b")
                    .matcher(s)
                    .find()) {
                if (hit != null) {
                    return null; // two contrast words: contradictory, leave unparsed via caller
                }
                hit = c;
            }
        }
        return hit;
    }
}
