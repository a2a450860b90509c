package io.medstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medstream.dicom.DicomLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * `./medstream dicom` against pydicom's reference values in
 * test-support/data/dicom-samples/expected.jsonl.
 */
class DicomCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void printsOneLinePerFileMatchingPydicomAndFailsAfterAllFilesOnABadOne() throws Exception {
        Path samples = Path.of(System.getProperty("medstream.samples.dir"));
        Map<String, JsonNode> expected = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(samples.resolve("expected.jsonl"))) {
            JsonNode x = JSON.readTree(line);
            expected.put(x.get("file").asText(), x);
            files.add(samples.resolve(x.get("file").asText()));
        }
        Path bad = tmp.resolve("not-dicom.dcm");
        Files.writeString(bad, "hello");
        files.add(1, bad); // in the middle: the files after it must still be printed

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc =
                DicomCommand.print(
                        files,
                        DicomLimits.defaults(),
                        new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(files.size());

        JsonNode err = JSON.readTree(lines.get(1));
        assertThat(err.get("file").asText()).isEqualTo("not-dicom.dcm");
        assertThat(err.get("error").asText()).contains("NOT_DICOM");
        assertThat(err.size()).isEqualTo(2);

        for (String line : lines) {
            JsonNode got = JSON.readTree(line);
            JsonNode want = expected.get(got.get("file").asText());
            if (want == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            List<String> gotNames = new ArrayList<>();
            got.fieldNames().forEachRemaining(gotNames::add);
            assertThat(gotNames).containsExactlyElementsOf(names);
            for (String f : names) {
                if (f.startsWith("pixel")) {
                    double w = want.get(f).asDouble();
                    assertThat(got.get(f).asDouble())
                            .as(f)
                            .isCloseTo(w, within(Math.max(1e-3 * Math.abs(w), 1e-9)));
                } else {
                    assertThat(got.get(f)).as(got.get("file") + " " + f).isEqualTo(want.get(f));
                }
            }
        }
    }

    @Test
    void allGoodFilesExitZero() throws Exception {
        Path samples = Path.of(System.getProperty("medstream.samples.dir"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc =
                DicomCommand.print(
                        List.of(samples.resolve("rle.dcm")),
                        DicomLimits.defaults(),
                        new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        assertThat(JSON.readTree(buf.toString(StandardCharsets.UTF_8)).get("pixelMin").asDouble())
                .isEqualTo(-3024.0);
    }
}
