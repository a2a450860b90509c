package io.medstream.cli.demo.html;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's offline HTML report: {@code index.html} plus one PNG per scan under {@code images/}.
 *
 * <p>The page needs nothing but the directory it was written to: no CDN, no external CSS or JS, no
 * network (a Content-Security-Policy in the page enforces that). Plots are inline SVG, overlays are
 * burnt into the PNGs, so the page opens from the file system in any browser. It knows nothing
 * about Flink or Kafka: the demo collects the records below and calls {@link #write} once at the
 * end.
 *
 * <p>Arrays in the records are not copied (images can be large); callers must not change them
 * before {@code write}.
 */
public final class DemoPage {
    /**
     * How many scans the page shows at most unless told otherwise; the rest are counted, not drawn.
     */
    public static final int DEFAULT_MAX_SCANS = 200;

    /** The file name of the page inside the output directory. */
    public static final String INDEX = "index.html";

    /** The directory, inside the output directory, holding one PNG per shown scan. */
    public static final String IMAGES = "images";

    private DemoPage() {}

    /**
     * One segmented scan.
     *
     * @param scanId the trace id of the scan, never patient data (it ends up in file names and the
     *     page)
     * @param seriesKey the series the scan belongs to; the page groups scans with their series'
     *     report
     * @param rows image height in pixels
     * @param cols image width in pixels
     * @param grey the display image, 0..255, row-major, {@code rows × cols} values
     * @param overlays the predicted masks, drawn in one colour per label
     * @param dice Dice against the ground truth, or null when there is none
     * @param latencyMs end-to-end latency of the scan, or null when unknown
     */
    public record Scan(
            String scanId,
            String seriesKey,
            int rows,
            int cols,
            int[] grey,
            List<Overlay> overlays,
            Double dice,
            Double latencyMs) {
        public Scan {
            Objects.requireNonNull(scanId, "scanId");
            Objects.requireNonNull(seriesKey, "seriesKey");
            Objects.requireNonNull(grey, "grey");
            if (rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException(
                        "scan " + scanId + ": image must be non-empty, got " + rows + "x" + cols);
            }
            long pixels = (long) rows * cols;
            if (grey.length != pixels) {
                throw new IllegalArgumentException(
                        "scan "
                                + scanId
                                + ": "
                                + grey.length
                                + " grey values for "
                                + rows
                                + "x"
                                + cols);
            }
            for (int v : grey) {
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException(
                            "scan " + scanId + ": grey value " + v + " outside 0..255");
                }
            }
            overlays = overlays == null ? List.of() : List.copyOf(overlays);
            for (Overlay o : overlays) {
                if (o.mask().length != pixels) {
                    throw new IllegalArgumentException(
                            "scan "
                                    + scanId
                                    + ": mask '"
                                    + o.label()
                                    + "' has "
                                    + o.mask().length
                                    + " values for "
                                    + rows
                                    + "x"
                                    + cols);
                }
            }
        }
    }

    /**
     * One predicted mask of a scan.
     *
     * @param label the structure, shown in the legend; equal labels get equal colours across the
     *     page
     * @param mask {@code rows × cols} flags, row-major, true where the structure is
     */
    public record Overlay(String label, boolean[] mask) {
        public Overlay {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(mask, "mask");
        }
    }

    /**
     * The drafted report of one series.
     *
     * @param seriesKey the series it describes
     * @param sentences the sentences in reading order
     * @param modelVersions which models drafted it, shown as is (null is shown as nothing)
     */
    public record SeriesReport(String seriesKey, List<Sentence> sentences, String modelVersions) {
        public SeriesReport {
            Objects.requireNonNull(seriesKey, "seriesKey");
            sentences = sentences == null ? List.of() : List.copyOf(sentences);
            modelVersions = modelVersions == null ? "" : modelVersions;
        }
    }

    /**
     * One drafted sentence.
     *
     * @param text the sentence
     * @param confidence 0..1, or NaN when the drafter gave none (shown as unknown)
     */
    public record Sentence(String text, double confidence) {
        public Sentence {
            Objects.requireNonNull(text, "text");
            if (!Double.isNaN(confidence) && !(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException(
                        "confidence must be in 0..1 or NaN, got " + confidence);
            }
        }
    }

    /**
     * {@link #write(Path, Map, List, List, List, List, int)} with at most {@link
     * #DEFAULT_MAX_SCANS} scans shown.
     */
    public static Path write(
            Path dir,
            Map<String, String> summary,
            List<Scan> scans,
            List<SeriesReport> reports,
            List<Double> latenciesMs,
            List<Double> dice)
            throws IOException {
        return write(dir, summary, scans, reports, latenciesMs, dice, DEFAULT_MAX_SCANS);
    }

    /**
     * Writes {@code dir/index.html} and {@code dir/images/*.png}, creating the directories.
     *
     * @param dir the output directory
     * @param summary shown as a two-column table at the top, in the map's iteration order
     * @param scans the scans, in display order; only the first {@code maxScans} get an image
     * @param reports one drafted report per series; if a series has several, the last one wins
     * @param latenciesMs all latencies for the latency histogram (non-finite values are left out)
     * @param dice all Dice values for the Dice histogram over [0, 1] (non-finite values are left
     *     out)
     * @param maxScans how many scans to draw at most; the page says how many were omitted
     * @return the path of {@code index.html}
     */
    public static Path write(
            Path dir,
            Map<String, String> summary,
            List<Scan> scans,
            List<SeriesReport> reports,
            List<Double> latenciesMs,
            List<Double> dice,
            int maxScans)
            throws IOException {
        if (maxScans < 0) {
            throw new IllegalArgumentException("maxScans must be >= 0, got " + maxScans);
        }
        List<Scan> all = scans == null ? List.of() : scans;
        List<Scan> shown = all.subList(0, Math.min(maxScans, all.size()));
        LabelColours colours = LabelColours.forScans(shown);

        Path images = Files.createDirectories(dir.resolve(IMAGES));
        List<String> sources = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            Scan scan = shown.get(i);
            String name = ScanImage.fileName(i, scan.scanId());
            ScanImage.writePng(scan, colours, images.resolve(name));
            sources.add(IMAGES + "/" + name);
        }

        String html =
                new PageHtml(colours)
                        .render(
                                summary == null ? Map.of() : summary,
                                shown,
                                sources,
                                all.size() - shown.size(),
                                reports == null ? List.of() : reports,
                                latenciesMs == null ? List.of() : latenciesMs,
                                dice == null ? List.of() : dice);
        return writeAtomically(dir.resolve(INDEX), html);
    }

    /**
     * A browser reloading the page while the demo rewrites it should see the old or the new page,
     * never half.
     */
    private static Path writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        try {
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
