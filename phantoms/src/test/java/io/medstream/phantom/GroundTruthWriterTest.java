package io.medstream.phantom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroundTruthWriterTest {

    @TempDir Path tmp;

    private static PhantomSlice sliceWithLesions() {
        PhantomGenerator gen = new PhantomGenerator();
        for (int i = 0; ; i++) {
            PhantomSlice s = gen.generate(5L, i);
            if (s.findings().size() >= 2) {
                return s;
            }
        }
    }

    @Test
    void masksRoundTripThroughPngExactly() throws Exception {
        PhantomSlice s = sliceWithLesions();
        Path dir = GroundTruthWriter.writeUnder(tmp, s);
        assertThat(dir.getFileName().toString()).isEqualTo(s.sopInstanceUid());
        for (Map.Entry<String, Mask> e : s.masks().entrySet()) {
            Path png = dir.resolve("masks").resolve(e.getKey() + ".png");
            assertThat(png).exists();
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(s.columns());
            assertThat(img.getHeight()).isEqualTo(s.rows());
            assertThat(img.getRaster().getNumBands()).isEqualTo(1);
            assertThat(img.getColorModel().getPixelSize()).isEqualTo(8);
            // only 0 and 255
            int[] samples =
                    img.getRaster().getSamples(0, 0, s.columns(), s.rows(), 0, (int[]) null);
            for (int v : samples) {
                assertThat(v).isIn(0, 255);
            }
            assertThat(GroundTruthWriter.readMaskPng(png)).isEqualTo(e.getValue());
        }
    }

    @Test
    void findingsJsonRoundTripsAndIsPlainJson() throws Exception {
        PhantomSlice s = sliceWithLesions();
        Path json = GroundTruthWriter.write(s, tmp.resolve("gt"));
        GroundTruth gt = GroundTruthWriter.readFindings(json);
        assertThat(gt.lesions()).isEqualTo(s.findings());
        assertThat(gt.sopInstanceUid()).isEqualTo(s.sopInstanceUid());
        assertThat(gt.seriesInstanceUid()).isEqualTo(s.seriesInstanceUid());
        assertThat(gt.modality()).isEqualTo(s.modality());
        assertThat(gt.rows()).isEqualTo(s.rows());
        assertThat(gt.pixelSpacingMm()).isEqualTo(s.pixelSpacingMm());
        assertThat(gt.structures())
                .extracting(GroundTruth.Structure::name)
                .containsExactlyElementsOf(s.masks().keySet());
        for (GroundTruth.Structure st : gt.structures()) {
            assertThat(tmp.resolve("gt").resolve(st.file())).exists();
            assertThat(st.areaPixels()).isEqualTo(s.mask(st.name()).area());
        }
        // readable by a generic JSON reader with the documented field names
        JsonNode node = new ObjectMapper().readTree(Files.readString(json));
        JsonNode first = node.get("lesions").get(0);
        assertThat(first.get("id").asText()).isEqualTo("lesion_1");
        assertThat(first.get("side").asText()).isIn("LEFT", "RIGHT", "MIDLINE");
        assertThat(first.get("longestDiameterMm").asDouble())
                .isEqualTo(s.findings().get(0).longestDiameterMm());
        assertThat(node.get("orientation").asText()).contains("patient right");
    }
}
