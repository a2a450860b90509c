package io.medstream.phantom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a slice's ground truth into a directory:
 *
 * <pre>
 * &lt;dir&gt;/findings.json        {@link GroundTruth} (Jackson, pretty-printed)
 * &lt;dir&gt;/masks/&lt;name&gt;.png      one 8-bit greyscale PNG per structure, 0 = outside, 255 = inside,
 *                           rows×columns, same grid as the image
 * </pre>
 *
 * {@link #writeUnder} uses {@code <root>/<SOPInstanceUID>/} so a slice's ground truth is found from
 * its DICOM file. Masks are separate files (not one label image) because lesions overlap their host
 * organs.
 */
public final class GroundTruthWriter {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GroundTruthWriter() {}

    /** Writes into {@code root/<SOPInstanceUID>/}; returns that directory. */
    public static Path writeUnder(Path root, PhantomSlice slice) throws IOException {
        Path dir = root.resolve(slice.sopInstanceUid());
        write(slice, dir);
        return dir;
    }

    /**
     * Writes masks and findings.json into {@code dir} (created if missing); returns the
     * findings.json path.
     */
    public static Path write(PhantomSlice slice, Path dir) throws IOException {
        Path maskDir = dir.resolve("masks");
        Files.createDirectories(maskDir);
        List<GroundTruth.Structure> structures = new ArrayList<>();
        for (Map.Entry<String, Mask> e : slice.masks().entrySet()) {
            String file = "masks/" + e.getKey() + ".png";
            writeMaskPng(e.getValue(), dir.resolve(file));
            structures.add(new GroundTruth.Structure(e.getKey(), file, e.getValue().area()));
        }
        GroundTruth gt =
                new GroundTruth(
                        1,
                        slice.seed(),
                        slice.seriesIndex(),
                        slice.sliceIndex(),
                        slice.instanceNumber(),
                        slice.patientId(),
                        slice.studyInstanceUid(),
                        slice.seriesInstanceUid(),
                        slice.sopInstanceUid(),
                        slice.modality(),
                        slice.bodyPart(),
                        slice.rows(),
                        slice.columns(),
                        slice.pixelSpacingMm(),
                        GroundTruth.ORIENTATION,
                        structures,
                        slice.findings());
        Path json = dir.resolve("findings.json");
        MAPPER.writeValue(json.toFile(), gt);
        return json;
    }

    /** Reads a findings.json written by {@link #write}. */
    public static GroundTruth readFindings(Path json) throws IOException {
        return MAPPER.readValue(json.toFile(), GroundTruth.class);
    }

    /** One mask as an 8-bit grey PNG, 0/255. */
    public static void writeMaskPng(Mask mask, Path file) throws IOException {
        BufferedImage img =
                new BufferedImage(mask.columns(), mask.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        boolean[] bits = mask.toArray();
        for (int i = 0; i < bits.length; i++) {
            data[i] = bits[i] ? (byte) 255 : 0;
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** Reads a mask PNG: a pixel is set when its first band is ≥ 128. */
    public static Mask readMaskPng(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a readable image: " + file);
        }
        Raster raster = img.getRaster();
        int rows = img.getHeight();
        int cols = img.getWidth();
        boolean[] bits = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                bits[r * cols + c] = raster.getSample(c, r, 0) >= 128;
            }
        }
        return new Mask(rows, cols, bits);
    }
}
