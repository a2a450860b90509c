package io.medstream.cli.demo.html;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One distinct colour per overlay label, the same in every image and legend of a page, so that
 * "liver" is the same colour in all scans. Labels get colours in the order they are first seen.
 */
final class LabelColours {
    /**
     * Well-separated colours (a common 10-colour set for categorical data). None is grey, so an
     * overlaid pixel can always be told from the grey image underneath.
     */
    private static final int[] FIXED = {
        0xe6194b, 0x3cb44b, 0x4363d8, 0xf58231, 0x911eb4, 0x42d4f4, 0xf032e6, 0xbfef45, 0xffe119,
        0x469990
    };

    private final Map<String, Color> byLabel = new LinkedHashMap<>();

    private LabelColours() {}

    /** Colours for every label that occurs in {@code scans}. */
    static LabelColours forScans(List<DemoPage.Scan> scans) {
        LabelColours colours = new LabelColours();
        for (DemoPage.Scan scan : scans) {
            for (DemoPage.Overlay overlay : scan.overlays()) {
                colours.byLabel.computeIfAbsent(
                        overlay.label(), l -> colourAt(colours.byLabel.size()));
            }
        }
        return colours;
    }

    /**
     * The colour of {@code label}; labels not seen by {@link #forScans} get the next free colour.
     */
    Color of(String label) {
        return byLabel.computeIfAbsent(label, l -> colourAt(byLabel.size()));
    }

    /** {@code #rrggbb} of {@code label}, for CSS. */
    String css(String label) {
        return String.format("#%06x", of(label).getRGB() & 0xffffff);
    }

    /**
     * The fixed set first; beyond it, hues spaced by the golden angle keep later colours apart from
     * each other, saturated so that they never turn grey.
     */
    private static Color colourAt(int index) {
        if (index < FIXED.length) {
            return new Color(FIXED[index]);
        }
        float hue = (float) ((index * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.85f, 0.9f);
    }
}
