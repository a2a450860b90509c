package io.medstream.models.report.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits report text into sentences. A boundary is '.', '!' or '?' followed by whitespace or the
 * end of the text, except when the period
 *
 * <ul>
 *   <li>ends a listed abbreviation ("approx.", "max.", "e.g.", "i.e.", "vs.", "cf.", "Dr.", "Fig.",
 *       "no." before a digit is not special-cased), or
 *   <li>ends a list marker at the start of a sentence ("1. Liver ..."), or
 *   <li>is followed by a lower-case letter (an abbreviation we do not know, e.g. "approx. 4 mm"
 *       written "approx. four"), or
 *   <li>sits inside a number ("12.5"): that case needs no rule, a decimal point is never followed
 *       by whitespace.
 * </ul>
 *
 * This is the §10 boundary rule of the CSR spec; the LLaMA "." token (29889) rule would split
 * "12.5" and "approx.".
 */
public final class SentenceSplitter {

    /** Lower-case abbreviations, with their final period. */
    public static final Set<String> ABBREVIATIONS =
            Set.of(
                    "approx.", "max.", "min.", "e.g.", "i.e.", "vs.", "cf.", "dr.", "fig.", "incl.",
                    "ca.", "etc.", "resp.");

    private SentenceSplitter() {}

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch != '.' && ch != '!' && ch != '?') {
                continue;
            }
            boolean atEnd = i + 1 >= n || Character.isWhitespace(text.charAt(i + 1));
            if (!atEnd) {
                continue;
            }
            if (ch == '.' && !isBoundaryPeriod(text, start, i)) {
                continue;
            }
            add(out, text.substring(start, i + 1));
            start = i + 1;
        }
        if (start < n) {
            add(out, text.substring(start));
        }
        return out;
    }

    /**
     * Whether the period at {@code dot}, followed by whitespace or the end, ends a sentence begun
     * at {@code start}.
     */
    private static boolean isBoundaryPeriod(String text, int start, int dot) {
        int w = dot;
        while (w > start && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.substring(w, dot + 1);
        if (ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT))) {
            return false;
        }
        // "1." at the start of a sentence is a list marker, not a sentence.
        if (text.substring(start, w).isBlank() && word.matches("\\d{1,2}\\.")) {
            return false;
        }
        // Next non-space character in lower case: the period was an abbreviation we do not list.
        int j = dot + 1;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j >= text.length() || !Character.isLowerCase(text.charAt(j));
    }

    private static void add(List<String> out, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
