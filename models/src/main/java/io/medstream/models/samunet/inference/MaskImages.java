package io.medstream.models.samunet.inference;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

/** Mask ↔ 8-bit greyscale PNG (0 outside, 255 inside) and PNG → grey values. */
public final class MaskImages {

    private MaskImages() {}

    public static void writeMaskPng(Path file, boolean[] mask, int rows, int cols)
            throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < mask.length; i++) {
            px[i] = mask[i] ? (byte) 255 : 0;
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /**
     * A PNG's luminance as values 0..255 (band 0 for grey images; Rec.601 luma of RGB), rows×cols.
     *
     * @return {rows, cols} in {@code size} and the values
     */
    public static double[] readGreyPng(Path file, int[] size) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a readable image: " + file);
        }
        int h = img.getHeight();
        int w = img.getWidth();
        size[0] = h;
        size[1] = w;
        double[] out = new double[h * w];
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (bands >= 3) {
                    out[y * w + x] =
                            0.299 * r.getSample(x, y, 0)
                                    + 0.587 * r.getSample(x, y, 1)
                                    + 0.114 * r.getSample(x, y, 2);
                } else {
                    out[y * w + x] = r.getSample(x, y, 0);
                }
            }
        }
        return out;
    }
}
