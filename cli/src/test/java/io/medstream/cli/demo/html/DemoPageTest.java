package io.medstream.cli.demo.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.medstream.cli.demo.html.DemoPageFixtures.parseXml;
import static io.medstream.cli.demo.html.DemoPageFixtures.ramp;
import static io.medstream.cli.demo.html.DemoPageFixtures.rectangle;
import static io.medstream.cli.demo.html.DemoPageFixtures.scan;
import static io.medstream.cli.demo.html.DemoPageFixtures.scans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page writer without a browser: files, pixels, escaping, omission, plots. */
class DemoPageTest {
    private static final Pattern IMG_SRC = Pattern.compile("<img src=\"([^\"]+)\"");

    @TempDir Path dir;

    @Test
    void writesIndexAndOnePngPerScanWithTheScansDimensions() throws Exception {
        List<DemoPage.Scan> scans =
                List.of(
                        scan("a", "s1", 20, 30, 0.9, 12.0),
                        scan("b", "s1", 7, 5, null, null),
                        scan("c", "s2", 16, 16, 0.4, 3.0));

        Path index =
                DemoPage.write(
                        dir,
                        Map.of("scans", "3"),
                        scans,
                        List.of(),
                        List.of(12.0, 3.0),
                        List.of(0.9, 0.4));

        assertThat(index).isEqualTo(dir.resolve("index.html")).isRegularFile();
        String html = Files.readString(index);
        parseXml(html);
        List<String> sources = sources(html);
        assertThat(sources).hasSize(3);
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            assertThat(files.count()).isEqualTo(3);
        }
        for (int i = 0; i < scans.size(); i++) {
            BufferedImage png = ImageIO.read(dir.resolve(sources.get(i)).toFile());
            assertThat(png.getWidth())
                    .as("width of %s", sources.get(i))
                    .isEqualTo(scans.get(i).cols());
            assertThat(png.getHeight())
                    .as("height of %s", sources.get(i))
                    .isEqualTo(scans.get(i).rows());
        }
    }

    @Test
    void overlayPixelsAreColouredWhereTheMaskIsTrueAndGreyElsewhere() throws Exception {
        int rows = 24;
        int cols = 40;
        int[] grey = ramp(rows, cols);
        boolean[] mask = rectangle(rows, cols, 5, 15, 8, 33);
        DemoPage.Scan scan =
                new DemoPage.Scan(
                        "t1",
                        "s",
                        rows,
                        cols,
                        grey,
                        List.of(new DemoPage.Overlay("liver", mask)),
                        null,
                        null);

        DemoPage.write(dir, Map.of(), List.of(scan), List.of(), List.of(), List.of());

        BufferedImage png =
                ImageIO.read(
                        dir.resolve(sources(Files.readString(dir.resolve("index.html"))).get(0))
                                .toFile());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int rgb = png.getRGB(c, r);
                int red = rgb >> 16 & 0xff;
                int green = rgb >> 8 & 0xff;
                int blue = rgb & 0xff;
                int g = grey[r * cols + c];
                if (mask[r * cols + c]) {
                    assertThat(red == green && green == blue)
                            .as("pixel (%d,%d) is coloured", r, c)
                            .isFalse();
                } else {
                    assertThat(new int[] {red, green, blue})
                            .as("pixel (%d,%d) is grey", r, c)
                            .containsExactly(g, g, g);
                }
            }
        }
    }

    @Test
    void distinctLabelsGetDistinctColoursAndALegend() throws Exception {
        int n = 10;
        DemoPage.Scan scan =
                new DemoPage.Scan(
                        "t",
                        "s",
                        n,
                        n,
                        new int[n * n],
                        List.of(
                                new DemoPage.Overlay("liver", rectangle(n, n, 0, 5, 0, n)),
                                new DemoPage.Overlay("spleen", rectangle(n, n, 5, n, 0, n))),
                        null,
                        null);

        DemoPage.write(dir, Map.of(), List.of(scan), List.of(), List.of(), List.of());

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html)
                .contains("<ul class=\"legend\">", "</span>liver</li>", "</span>spleen</li>");
        BufferedImage png = ImageIO.read(dir.resolve(sources(html).get(0)).toFile());
        assertThat(png.getRGB(0, 0))
                .isNotEqualTo(png.getRGB(0, n - 1)); // top half liver, bottom half spleen
    }

    @Test
    void escapesEveryStringFromOutside() throws Exception {
        String evil = "<script>alert('x')</script> & \"q\"";
        DemoPage.Scan scan =
                new DemoPage.Scan(
                        evil,
                        evil,
                        4,
                        4,
                        new int[16],
                        List.of(new DemoPage.Overlay(evil, new boolean[16])),
                        null,
                        null);
        DemoPage.SeriesReport report =
                new DemoPage.SeriesReport(evil, List.of(new DemoPage.Sentence(evil, 0.5)), evil);
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put(evil, evil);

        DemoPage.write(dir, summary, List.of(scan), List.of(report), List.of(), List.of());

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html)
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html.split("<script>", -1)).as("only the page's own script").hasSize(2);
        Document doc = parseXml(html);
        assertThat(doc.getElementsByTagName("script").getLength()).isEqualTo(1);
        // The file name is sanitised, not just escaped.
        assertThat(sources(html).get(0)).matches("images/0001-[A-Za-z0-9._-]+\\.png");
    }

    @Test
    void sentencesAreColouredByConfidenceWithTheValueVisibleAndInATooltip() throws Exception {
        DemoPage.SeriesReport report =
                new DemoPage.SeriesReport(
                        "s",
                        List.of(
                                new DemoPage.Sentence("Sure.", 1.0),
                                new DemoPage.Sentence("Unsure.", 0.0),
                                new DemoPage.Sentence("Unknown.", Double.NaN)),
                        "drafter v1, scorer v2");

        DemoPage.write(
                dir,
                Map.of(),
                List.of(scan("t", "s", 8, 8, null, null)),
                List.of(report),
                List.of(),
                List.of());

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html)
                .contains(
                        "style=\"background: hsl(120, 75%, 82%)\" title=\"confidence 1.00\">Sure.<small>1.00</small>")
                .contains(
                        "style=\"background: hsl(0, 75%, 82%)\" title=\"confidence 0.00\">Unsure.<small>0.00</small>")
                .contains("title=\"confidence unknown\">Unknown.<small>unknown</small>")
                .contains("Models: drafter v1, scorer v2");
        // The report sits in the same section as its series' scan.
        String section =
                html.substring(
                        html.indexOf("<section class=\"series\""), html.indexOf("</section>"));
        assertThat(section).contains("Sure.", "<img src=");
        assertThatThrownBy(() -> new DemoPage.Sentence("x", 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsScansAndReportsPerSeriesKeepingReportsWhoseScansWereOmitted() throws Exception {
        List<DemoPage.Scan> scans =
                List.of(
                        scan("a", "s1", 4, 4, null, null),
                        scan("b", "s2", 4, 4, null, null),
                        scan("c", "s1", 4, 4, null, null),
                        scan("d", "s3", 4, 4, null, null));
        List<DemoPage.SeriesReport> reports =
                List.of(
                        new DemoPage.SeriesReport(
                                "s3", List.of(new DemoPage.Sentence("Third series.", 0.7)), null),
                        new DemoPage.SeriesReport(
                                "s1", List.of(new DemoPage.Sentence("First series.", 0.7)), null));

        DemoPage.write(dir, Map.of(), scans, reports, List.of(), List.of(), 3);

        String html = Files.readString(dir.resolve("index.html"));
        String[] parts = html.split("<section class=\"series\"");
        assertThat(parts).hasSize(4); // s1, s2, then s3 whose only scan was omitted
        assertThat(parts[1])
                .contains("<code>s1</code>", "First series.", "alt=\"scan a\"", "alt=\"scan c\"");
        assertThat(parts[2]).contains("<code>s2</code>", "No report drafted", "alt=\"scan b\"");
        assertThat(parts[3]).contains("<code>s3</code>", "Third series.").doesNotContain("<img");
    }

    @Test
    void showsAtMostTheMaximumAndSaysHowManyWereOmitted() throws Exception {
        DemoPage.write(dir, Map.of(), scans(5, 6, 6), List.of(), List.of(), List.of(), 2);

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(sources(html)).hasSize(2);
        assertThat(html).contains("Showing the first 2 of 5 scans; 3 omitted");
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void defaultMaximumIs200Scans() throws Exception {
        DemoPage.write(dir, Map.of(), scans(201, 2, 2), List.of(), List.of(), List.of());

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(sources(html)).hasSize(DemoPage.DEFAULT_MAX_SCANS);
        assertThat(html).contains("Showing the first 200 of 201 scans; 1 omitted");
    }

    @Test
    void plotsAreInlineSvgHistogramsWithTickLabels() throws Exception {
        List<Double> latencies = List.of(10.0, 20.0, 35.0, 50.0, 97.0, Double.NaN);
        List<Double> dice = List.of(0.0, 0.42, 0.88, 0.9, 1.0);

        DemoPage.write(dir, Map.of(), List.of(), List.of(), latencies, dice);

        String html = Files.readString(dir.resolve("index.html"));
        String[] svgs = html.split("<svg ", -1);
        assertThat(svgs).hasSize(3);
        String latency = svgs[1];
        String dicePlot = svgs[2];
        // 97 ms → ticks every 20 ms up to 100; the NaN is left out of n.
        assertThat(latency)
                .contains(
                        "Latency (n = 5)",
                        "latency (ms)",
                        ">0</text>",
                        ">20</text>",
                        ">100</text>");
        assertThat(latency.split("<rect ", -1)).hasSize(6); // five values in five different bins
        assertThat(dicePlot).contains("Dice (n = 5)", ">0.0</text>", ">0.2</text>", ">1.0</text>");
        // Dice 0.88 and 0.9 fall into [0.85, 0.9) and [0.9, 0.95); 1.0 into the last bin, not past
        // it.
        assertThat(dicePlot.split("<rect ", -1)).hasSize(6);
        assertThat(html)
                .as("no external resources")
                .doesNotContain("src=\"http", "href=", "@import", "url(");
    }

    @Test
    void emptyInputsProduceAValidPage() throws Exception {
        Path index = DemoPage.write(dir, Map.of(), List.of(), List.of(), List.of(), List.of());

        String html = Files.readString(index);
        Document doc = parseXml(html);
        assertThat(doc.getElementsByTagName("img").getLength()).isZero();
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(2);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("no data", "No scans or reports.");
        assertThat(dir.resolve("images")).isDirectory();
        // Null collections are taken as empty, too.
        DemoPage.write(dir, null, null, null, null, null);
        parseXml(Files.readString(index));
    }

    @Test
    void rejectsInconsistentScans() {
        assertThatThrownBy(
                        () -> new DemoPage.Scan("t", "s", 2, 2, new int[3], List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 grey values for 2x2");
        assertThatThrownBy(
                        () ->
                                new DemoPage.Scan(
                                        "t", "s", 1, 1, new int[] {256}, List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 0..255");
        assertThatThrownBy(
                        () ->
                                new DemoPage.Scan(
                                        "t",
                                        "s",
                                        2,
                                        2,
                                        new int[4],
                                        List.of(new DemoPage.Overlay("m", new boolean[3])),
                                        null,
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask 'm'");
    }

    private static List<String> sources(String html) {
        Matcher m = IMG_SRC.matcher(html);
        return m.results().map(r -> r.group(1)).toList();
    }
}
