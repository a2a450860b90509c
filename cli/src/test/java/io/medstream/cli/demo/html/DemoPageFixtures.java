package io.medstream.cli.demo.html;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic scans and a well-formedness check, shared by the page tests. */
final class DemoPageFixtures {
    private DemoPageFixtures() {}

    /**
     * A horizontal grey ramp, so that "grey elsewhere" is checked against many grey levels, not
     * one.
     */
    static int[] ramp(int rows, int cols) {
        int[] grey = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                grey[r * cols + c] = cols == 1 ? 128 : c * 255 / (cols - 1);
            }
        }
        return grey;
    }

    /** True inside the rectangle [r0, r1) × [c0, c1). */
    static boolean[] rectangle(int rows, int cols, int r0, int r1, int c0, int c1) {
        boolean[] mask = new boolean[rows * cols];
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                mask[r * cols + c] = true;
            }
        }
        return mask;
    }

    /** A scan with one "lesion" overlay in its upper left quarter. */
    static DemoPage.Scan scan(
            String id, String series, int rows, int cols, Double dice, Double latencyMs) {
        return new DemoPage.Scan(
                id,
                series,
                rows,
                cols,
                ramp(rows, cols),
                List.of(
                        new DemoPage.Overlay(
                                "lesion", rectangle(rows, cols, 0, rows / 2, 0, cols / 2))),
                dice,
                latencyMs);
    }

    /** {@code count} small scans, alternating between two series. */
    static List<DemoPage.Scan> scans(int count, int rows, int cols) {
        List<DemoPage.Scan> scans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scans.add(
                    scan(
                            "trace-" + i,
                            "series-" + (i % 2),
                            rows,
                            cols,
                            0.5 + 0.1 * (i % 5),
                            20.0 + 7 * i));
        }
        return scans;
    }

    /** Parses the page as XML: fails on any unbalanced tag or bad entity. */
    static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }
}
