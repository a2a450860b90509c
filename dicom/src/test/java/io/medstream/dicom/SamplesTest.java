package io.medstream.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplesTest {

    static Path samplesDir() {
        // Set by the root POM to test-support/data/dicom-samples inside this repository.
        String dir = System.getProperty("medstream.samples.dir");
        if (dir == null || !Files.isDirectory(Paths.get(dir))) {
            throw new IllegalStateException(
                    "medstream.samples.dir must name the repository's test-support/data/"
                            + "dicom-samples folder (surefire sets it); got "
                            + dir);
        }
        return Paths.get(dir);
    }

    static Stream<JsonNode> expected() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(samplesDir().resolve("expected.jsonl"))) {
            if (!line.isBlank()) {
                rows.add(mapper.readTree(line));
            }
        }
        return rows.stream();
    }

    @Test
    void everySampleFileHasAnExpectation() throws IOException {
        List<String> expectedFiles = expected().map(n -> n.get("file").asText()).toList();
        try (Stream<Path> files = Files.list(samplesDir())) {
            List<String> dcm =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".dcm"))
                            .toList();
            assertThat(expectedFiles).containsExactlyInAnyOrderElementsOf(dcm);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void summaryAgreesWithPydicom(JsonNode e) throws IOException {
        String name = e.get("file").asText();
        byte[] bytes = Files.readAllBytes(samplesDir().resolve(name));
        DicomSummary s = DicomSummary.of(name, bytes, DicomLimits.DEFAULT);
        assertThat(s.file()).isEqualTo(name);
        assertThat(s.rows()).isEqualTo(e.get("rows").asInt());
        assertThat(s.columns()).isEqualTo(e.get("columns").asInt());
        assertThat(s.frames()).isEqualTo(e.get("frames").asInt());
        assertThat(s.modality()).isEqualTo(e.get("modality").asText());
        assertThat(s.transferSyntaxUid()).isEqualTo(e.get("transferSyntaxUid").asText());
        assertThat(s.sopInstanceUid()).isEqualTo(e.get("sopInstanceUid").asText());
        assertThat(s.seriesInstanceUid()).isEqualTo(e.get("seriesInstanceUid").asText());
        assertThat(s.studyInstanceUid()).isEqualTo(e.get("studyInstanceUid").asText());
        if (e.get("instanceNumber").isNull()) {
            assertThat(s.instanceNumber()).isNull();
        } else {
            assertThat(s.instanceNumber()).isEqualTo(e.get("instanceNumber").asInt());
        }
        assertClose(s.pixelMin(), e.get("pixelMin").asDouble());
        assertClose(s.pixelMax(), e.get("pixelMax").asDouble());
        assertClose(s.pixelMean(), e.get("pixelMean").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void everyFrameDecodesAndRewritesLosslessly(JsonNode e) throws IOException {
        String name = e.get("file").asText();
        DicomFile file = DicomReader.read(samplesDir().resolve(name), DicomLimits.DEFAULT);
        DecodedImage image = file.image();
        for (int i = 0; i < image.frames(); i++) {
            assertThat(image.frame(i))
                    .hasSize(image.rows() * image.columns() * image.samplesPerPixel());
        }
        if (!file.transferSyntax().encapsulated()) {
            DicomFile again =
                    DicomReader.read(DicomWriter.write(file.dataset()), DicomLimits.DEFAULT);
            assertThat(again.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(again.image().frame(image.frames() - 1))
                    .containsExactly(image.frame(image.frames() - 1));
            assertThat(again.dataset().getString(Tag.SOP_INSTANCE_UID, null))
                    .isEqualTo(file.dataset().getString(Tag.SOP_INSTANCE_UID, null));
        }
    }

    @Test
    void jpegFramesDecodeLazily() throws IOException {
        DicomFile file =
                DicomReader.read(
                        samplesDir().resolve("jpeg_baseline_8bit.dcm"), DicomLimits.DEFAULT);
        DecodedImage image = file.image();
        assertThat(image.frames()).isEqualTo(96);
        assertThat(image.frame(95)).hasSize(512 * 512);
        assertThat(image.photometric()).startsWith("MONOCHROME");
    }

    private static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.max(1e-3 * Math.abs(expected), 1e-3)));
    }
}
