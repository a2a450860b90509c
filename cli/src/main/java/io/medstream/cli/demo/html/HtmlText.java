package io.medstream.cli.demo.html;

import java.util.Locale;

/**
 * Escaping and number formatting for the page. Everything that comes from outside (ids, labels,
 * sentences, summary entries) goes through {@link #escape}: a drafted sentence is model output and
 * may contain anything, markup included.
 */
final class HtmlText {
    private HtmlText() {}

    /**
     * Escapes the five characters that matter in HTML text and in quoted attributes. Numeric
     * references only, no named ones beyond the XML five, so the page also stays well-formed XML
     * (the tests parse it as such).
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab/newline are not allowed in HTML (or XML)
                    // text: drop them.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * {@code value} with {@code decimals} decimals, locale-independent (a decimal comma would
     * confuse readers).
     */
    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
