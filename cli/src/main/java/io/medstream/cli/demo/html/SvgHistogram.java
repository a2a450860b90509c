package io.medstream.cli.demo.html;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A histogram as inline SVG with labelled axis ticks, generated here rather than by a charting
 * library so that the page needs no script or download to show it.
 */
final class SvgHistogram {
    static final int WIDTH = 480;
    static final int HEIGHT = 260;
    private static final int LEFT = 52;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 46;
    private static final int BINS = 20;

    private SvgHistogram() {}

    /** Latencies in ms over [0, a round number at or above the largest latency]. */
    static String latency(List<Double> latenciesMs) {
        List<Double> values = finite(latenciesMs);
        double max = values.isEmpty() ? 0 : Collections.max(values);
        double top = max > 0 ? max : 1; // no data or only zeros: still a readable 0..1 axis
        double step = niceStep(top / 5);
        double hi = Math.ceil(top / step - 1e-9) * step;
        return render("Latency", "latency (ms)", values, 0, hi);
    }

    /** Dice values over [0, 1]. */
    static String dice(List<Double> dice) {
        return render("Dice", "Dice", finite(dice), 0, 1);
    }

    /**
     * The SVG of {@code values} in {@link #BINS} equal bins over [lo, hi]; values outside are
     * counted in the edge bins, and hi itself falls in the last bin (Dice 1.0 is a perfect mask,
     * not an overflow).
     */
    static String render(String title, String xLabel, List<Double> values, double lo, double hi) {
        int[] counts = new int[BINS];
        for (double v : values) {
            int bin = (int) Math.floor((v - lo) / (hi - lo) * BINS);
            counts[Math.max(0, Math.min(BINS - 1, bin))]++;
        }
        int maxCount = 0;
        for (int c : counts) {
            maxCount = Math.max(maxCount, c);
        }
        int yStep = (int) Math.max(1, Math.round(niceStep(Math.max(maxCount, 1) / 4.0)));
        int yMax = Math.max(yStep, (int) Math.ceil(maxCount / (double) yStep) * yStep);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(HtmlText.escape(title))
                .append(" histogram\">\n");
        svg.append(
                text(
                        WIDTH / 2.0,
                        18,
                        "middle",
                        "title",
                        title
                                + " (n = "
                                + values.size()
                                + (values.isEmpty() ? ", no data" : "")
                                + ")"));

        // Bars first, axes and ticks on top of them.
        double barW = plotW / BINS;
        for (int i = 0; i < BINS; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double h = plotH * counts[i] / yMax;
            double binLo = lo + (hi - lo) * i / BINS;
            double binHi = lo + (hi - lo) * (i + 1) / BINS;
            svg.append("<rect class=\"bar\" x=\"")
                    .append(fmt(LEFT + i * barW))
                    .append("\" y=\"")
                    .append(fmt(TOP + plotH - h))
                    .append("\" width=\"")
                    .append(fmt(barW))
                    .append("\" height=\"")
                    .append(fmt(h))
                    .append("\"><title>")
                    .append(HtmlText.escape(tickText(binLo, (hi - lo) / BINS)))
                    .append("–")
                    .append(HtmlText.escape(tickText(binHi, (hi - lo) / BINS)))
                    .append(": ")
                    .append(counts[i])
                    .append("</title></rect>\n");
        }
        double baseY = TOP + plotH;
        svg.append(line(LEFT, baseY, LEFT + plotW, baseY)).append(line(LEFT, TOP, LEFT, baseY));

        double xStep = niceStep((hi - lo) / 5);
        for (double t : ticks(lo, hi, xStep)) {
            double x = LEFT + plotW * (t - lo) / (hi - lo);
            svg.append(line(x, baseY, x, baseY + 5));
            svg.append(text(x, baseY + 18, "middle", "tick", tickText(t, xStep)));
        }
        for (int t = 0; t <= yMax; t += yStep) {
            double y = baseY - plotH * t / yMax;
            svg.append(line(LEFT - 5, y, LEFT, y));
            svg.append(text(LEFT - 8, y + 4, "end", "tick", Integer.toString(t)));
        }
        svg.append(text(LEFT + plotW / 2, HEIGHT - 8, "middle", "axis-label", xLabel));
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(fmt(TOP + plotH / 2))
                .append(") rotate(-90)\">scans</text>\n");
        return svg.append("</svg>\n").toString();
    }

    /**
     * 1, 2 or 5 times a power of ten, the smallest at or above {@code raw}: ticks at round numbers
     * that a reader can interpolate between.
     */
    static double niceStep(double raw) {
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        double eps = 1e-9; // 0.2 / 0.1 may come out a hair above 2
        double nice = f <= 1 + eps ? 1 : f <= 2 + eps ? 2 : f <= 5 + eps ? 5 : 10;
        return nice * exp;
    }

    /**
     * Multiples of {@code step} in [lo, hi], computed by index so that 0.1 + 0.1 + 0.1 drift never
     * drops the last.
     */
    private static List<Double> ticks(double lo, double hi, double step) {
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        for (long k = first; k <= last; k++) {
            ticks.add(k * step);
        }
        return ticks;
    }

    /** As many decimals as the step needs: 0.2 steps show "0.4", 20 ms steps show "40". */
    private static String tickText(double value, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return HtmlText.number(value, decimals);
    }

    private static List<Double> finite(List<Double> values) {
        List<Double> out = new ArrayList<>(values.size());
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line class=\"axis\" x1=\""
                + fmt(x1)
                + "\" y1=\""
                + fmt(y1)
                + "\" x2=\""
                + fmt(x2)
                + "\" y2=\""
                + fmt(y2)
                + "\"/>\n";
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return "<text class=\""
                + cssClass
                + "\" x=\""
                + fmt(x)
                + "\" y=\""
                + fmt(y)
                + "\" text-anchor=\""
                + anchor
                + "\">"
                + HtmlText.escape(content)
                + "</text>\n";
    }

    private static String fmt(double v) {
        return HtmlText.number(v, 1);
    }
}
