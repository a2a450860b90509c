package io.medstream.cli.demo.html;

import javax.imageio.ImageIO;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The PNG of one scan: its grey image with every mask blended on top in the label's colour. */
final class ScanImage {
    /**
     * Opacity of a mask over the grey image: high enough to see the structure's extent at a glance,
     * low enough to still see the anatomy underneath it.
     */
    static final double ALPHA = 0.45;

    /** Scan ids are trace ids, but they come from outside: keep file names portable and short. */
    private static final int MAX_ID_CHARS = 60;

    private ScanImage() {}

    /**
     * {@code NNNN-<sanitised id>.png}; the index keeps names unique even when sanitised ids
     * collide.
     */
    static String fileName(int index, String scanId) {
        String safe = scanId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > MAX_ID_CHARS) {
            safe = safe.substring(0, MAX_ID_CHARS);
        }
        return String.format(Locale.ROOT, "%04d-%s.png", index + 1, safe);
    }

    /**
     * {@code cols} wide, {@code rows} high: one image pixel per scan pixel, the browser scales it.
     */
    static BufferedImage render(DemoPage.Scan scan, LabelColours colours) {
        int rows = scan.rows();
        int cols = scan.cols();
        int[] grey = scan.grey();
        // Blend in double precision per channel, overlay after overlay, so overlapping masks mix
        // their colours.
        double[] r = new double[grey.length];
        double[] g = new double[grey.length];
        double[] b = new double[grey.length];
        for (int i = 0; i < grey.length; i++) {
            r[i] = g[i] = b[i] = grey[i];
        }
        for (DemoPage.Overlay overlay : scan.overlays()) {
            Color c = colours.of(overlay.label());
            boolean[] mask = overlay.mask();
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    r[i] = (1 - ALPHA) * r[i] + ALPHA * c.getRed();
                    g[i] = (1 - ALPHA) * g[i] + ALPHA * c.getGreen();
                    b[i] = (1 - ALPHA) * b[i] + ALPHA * c.getBlue();
                }
            }
        }
        int[] rgb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            rgb[i] =
                    (int) Math.round(r[i]) << 16
                            | (int) Math.round(g[i]) << 8
                            | (int) Math.round(b[i]);
        }
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, cols, rows, rgb, 0, cols);
        return image;
    }

    /** Renders {@code scan} and writes it as PNG to {@code file}. */
    static void writePng(DemoPage.Scan scan, LabelColours colours, Path file) throws IOException {
        if (!ImageIO.write(render(scan, colours), "png", file.toFile())) {
            throw new IOException(
                    "no PNG writer in javax.imageio"); // never on a standard JDK, but say so if it
            // happens
        }
    }
}
