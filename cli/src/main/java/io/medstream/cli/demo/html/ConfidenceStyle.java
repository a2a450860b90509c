package io.medstream.cli.demo.html;

/**
 * How a sentence's confidence looks: a background from red (0) over yellow to green (1), light
 * enough that black text stays readable, and grey for an unknown (NaN) confidence, which must not
 * look like either end.
 */
final class ConfidenceStyle {
    /** Background of sentences without a confidence. */
    static final String UNKNOWN_BACKGROUND = "#d9d9d9";

    private ConfidenceStyle() {}

    /** CSS background colour for {@code confidence} (0..1 or NaN). */
    static String background(double confidence) {
        if (Double.isNaN(confidence)) {
            return UNKNOWN_BACKGROUND;
        }
        // HSL hue 0 is red, 120 green; the hue scale passes through yellow, which reads as "medium"
        // without a legend.
        long hue = Math.round(120 * clamp(confidence));
        return "hsl(" + hue + ", 75%, 82%)";
    }

    /** The small text next to the sentence and in its tooltip: two decimals, or "unknown". */
    static String label(double confidence) {
        return Double.isNaN(confidence) ? "unknown" : HtmlText.number(clamp(confidence), 2);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
