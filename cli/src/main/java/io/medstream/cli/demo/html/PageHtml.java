package io.medstream.cli.demo.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.medstream.cli.demo.html.HtmlText.escape;

/**
 * The markup of {@code index.html}: summary table, plots, then one section per series with its
 * drafted report next to its scans. Written as well-formed XML-compatible HTML (self-closed void
 * elements, no named entities, no {@code <} or {@code &} in the script), so the tests can check it
 * with a plain XML parser.
 */
final class PageHtml {
    /**
     * Nothing may be fetched from anywhere but the page's own directory: the page is meant for
     * offline use and must not leak what it shows. Inline style and script are the page's own.
     */
    private static final String CSP =
            "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    private static final String CSS =
            """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            table.summary { border-collapse: collapse; }
            table.summary th, table.summary td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
            .plots { display: flex; flex-wrap: wrap; gap: 1em; }
            .histogram .bar { fill: #4a7ab5; }
            .histogram .axis { stroke: #333; stroke-width: 1; }
            .histogram text { font-size: 11px; fill: #222; }
            .histogram .title { font-size: 13px; font-weight: bold; }
            .omitted { background: #fff3cd; padding: 0.5em; border: 1px solid #e0c36a; }
            section.series { border-top: 2px solid #ddd; margin-top: 1.5em; display: flex; flex-wrap: wrap; gap: 1.5em; }
            section.series h2 { flex-basis: 100%; font-size: 1.1em; margin-bottom: 0; }
            .report { flex: 1 1 24em; max-width: 40em; }
            .sentence { padding: 0.1em 0.25em; border-radius: 3px; line-height: 1.9; }
            .sentence small { color: #555; font-size: 0.7em; margin-left: 0.2em; }
            .models { color: #666; font-size: 0.85em; }
            .scans { flex: 2 1 30em; display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
            figure.scan { margin: 0; }
            figure.scan img { width: 256px; height: auto; image-rendering: pixelated; display: block; }
            figcaption { font-size: 0.8em; max-width: 256px; }
            ul.legend { list-style: none; padding: 0; margin: 0.2em 0; }
            .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: middle; }
            """;

    /**
     * Counts the images that really loaded, for people (broken-image check) and for the
     * headless-browser test. Two filters instead of {@code &&} keep the page well-formed XML.
     */
    private static final String SCRIPT =
            """
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var loaded = images.filter(function (i) { return i.complete; })
                  .filter(function (i) { return i.naturalWidth > 0; });
              document.body.dataset.imagesLoaded = String(loaded.length);
              document.body.dataset.imagesTotal = String(images.length);
            });
            """;

    private final LabelColours colours;

    PageHtml(LabelColours colours) {
        this.colours = colours;
    }

    /**
     * The whole page.
     *
     * @param shown the scans that get an image, with {@code sources.get(i)} the relative path of
     *     scan i's PNG
     * @param omitted how many further scans were left out
     */
    String render(
            Map<String, String> summary,
            List<DemoPage.Scan> shown,
            List<String> sources,
            int omitted,
            List<DemoPage.SeriesReport> reports,
            List<Double> latenciesMs,
            List<Double> dice) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(escape(CSP))
                .append("\"/>\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>medstream demo</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>medstream demo</h1>\n");
        summaryTable(html, summary);
        html.append("<div class=\"plots\">\n<figure>")
                .append(SvgHistogram.latency(latenciesMs))
                .append("</figure>\n<figure>")
                .append(SvgHistogram.dice(dice))
                .append("</figure>\n</div>\n");
        html.append(
                "<p class=\"note\">Sentence colour: confidence from red (0) over yellow to green (1); grey: unknown."
                        + " Hover a sentence for its value.</p>\n");
        if (omitted > 0) {
            html.append("<p class=\"omitted\">Showing the first ")
                    .append(shown.size())
                    .append(" of ")
                    .append(shown.size() + omitted)
                    .append(" scans; ")
                    .append(omitted)
                    .append(" omitted to keep the page small.</p>\n");
        }
        if (shown.isEmpty() && reports.isEmpty()) {
            html.append("<p class=\"empty\">No scans or reports.</p>\n");
        }
        seriesSections(html, shown, sources, reports);
        return html.append("<script>\n")
                .append(SCRIPT)
                .append("</script>\n</body>\n</html>\n")
                .toString();
    }

    private static void summaryTable(StringBuilder html, Map<String, String> summary) {
        if (summary.isEmpty()) {
            return;
        }
        html.append("<table class=\"summary\">\n");
        summary.forEach(
                (k, v) ->
                        html.append("<tr><th>")
                                .append(escape(k))
                                .append("</th><td>")
                                .append(escape(v))
                                .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    /**
     * Series in the order their first scan appears; then series that have a report but no shown
     * scan (their scans may all have been omitted), so that no drafted report is lost from the
     * page.
     */
    private void seriesSections(
            StringBuilder html,
            List<DemoPage.Scan> shown,
            List<String> sources,
            List<DemoPage.SeriesReport> reports) {
        Map<String, DemoPage.SeriesReport> reportBySeries = new LinkedHashMap<>();
        for (DemoPage.SeriesReport r : reports) {
            reportBySeries.put(
                    r.seriesKey(), r); // a later draft of the same series replaces the earlier one
        }
        Map<String, List<Integer>> scansBySeries = new LinkedHashMap<>();
        for (int i = 0; i < shown.size(); i++) {
            scansBySeries.computeIfAbsent(shown.get(i).seriesKey(), k -> new ArrayList<>()).add(i);
        }
        Set<String> order = new LinkedHashSet<>(scansBySeries.keySet());
        order.addAll(reportBySeries.keySet());
        int n = 0;
        for (String series : order) {
            html.append("<section class=\"series\" id=\"series-")
                    .append(++n)
                    .append("\">\n<h2>Series <code>")
                    .append(escape(series))
                    .append("</code></h2>\n");
            report(html, reportBySeries.get(series));
            html.append("<div class=\"scans\">\n");
            for (int i : scansBySeries.getOrDefault(series, List.of())) {
                scan(html, shown.get(i), sources.get(i));
            }
            html.append("</div>\n</section>\n");
        }
    }

    private static void report(StringBuilder html, DemoPage.SeriesReport report) {
        html.append("<div class=\"report\">\n<h3>Drafted report</h3>\n");
        if (report == null) {
            html.append("<p class=\"no-report\">No report drafted for this series.</p>\n</div>\n");
            return;
        }
        html.append("<p class=\"sentences\">\n");
        for (DemoPage.Sentence s : report.sentences()) {
            String label = ConfidenceStyle.label(s.confidence());
            html.append("<span class=\"sentence\" style=\"background: ")
                    .append(ConfidenceStyle.background(s.confidence()))
                    .append("\" title=\"confidence ")
                    .append(label)
                    .append("\">")
                    .append(escape(s.text()))
                    .append("<small>")
                    .append(label)
                    .append("</small></span>\n");
        }
        html.append("</p>\n");
        if (!report.modelVersions().isEmpty()) {
            html.append("<p class=\"models\">Models: ")
                    .append(escape(report.modelVersions()))
                    .append("</p>\n");
        }
        html.append("</div>\n");
    }

    private void scan(StringBuilder html, DemoPage.Scan scan, String source) {
        html.append("<figure class=\"scan\">\n<img src=\"")
                .append(escape(source))
                .append("\" width=\"")
                .append(scan.cols())
                .append("\" height=\"")
                .append(scan.rows())
                .append("\" alt=\"scan ")
                .append(escape(scan.scanId()))
                .append("\"/>\n<figcaption><code>")
                .append(escape(scan.scanId()))
                .append("</code><br/>Dice ")
                .append(scan.dice() == null ? "–" : HtmlText.number(scan.dice(), 3))
                .append(" · latency ")
                .append(
                        scan.latencyMs() == null
                                ? "–"
                                : HtmlText.number(scan.latencyMs(), 1) + " ms");
        if (!scan.overlays().isEmpty()) {
            html.append("\n<ul class=\"legend\">\n");
            // One legend entry per label, even if a scan has several masks of the same structure.
            Set<String> labels = new LinkedHashSet<>();
            scan.overlays().forEach(o -> labels.add(o.label()));
            for (String label : labels) {
                html.append("<li><span class=\"swatch\" style=\"background: ")
                        .append(colours.css(label))
                        .append("\"></span>")
                        .append(escape(label))
                        .append("</li>\n");
            }
            html.append("</ul>");
        }
        html.append("</figcaption>\n</figure>\n");
    }
}
