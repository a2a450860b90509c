package io.medstream.operators.ingest;

import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.io.RawRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fuzzer's reproducers for {@link ScanParser} (test-support/data/fuzz-findings): a malformed
 * attribute the parser reads while decoding the model frame (InstanceNumber, PixelSpacing, Rows)
 * becomes the stage's {@link IngestException} with the DICOM reason, not an internal error.
 */
class FuzzFindingsParseTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mr_instnum_NaN.dcm, decode-dicom, MALFORMED, (0020,0013)",
        "mr_instnum_FL_len2.dcm, decode-dicom, MALFORMED, (0020,0013)",
        "mr_pixelspacing_abc.dcm, decode-dicom, MALFORMED, (0028,0030)",
        "mr_rows_FL_len2.dcm, decode-dicom, MALFORMED, (0028,0010)"
    })
    void aMalformedAttributeIsTheStagesError(
            String file, String stage, String reason, String attribute) throws Exception {
        ScanParser parser = parser();
        byte[] bytes = Files.readAllBytes(dir().resolve(file));
        IngestException e = assertThrows(IngestException.class, () -> parser.parse(record(bytes)));
        assertThat(e.stage()).isEqualTo(stage);
        assertThat(e.reason().name()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(attribute);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mr_small_ok.dcm"})
    void theUnmutatedControlParses(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(dir().resolve(file));
        assertThat(parser().parse(record(bytes)).getRows()).isEqualTo(64);
    }

    private ScanParser parser() throws IOException {
        return new ScanParser(
                IngestTestSettings.create(tmp.resolve("blobs")),
                new LocalBlobStore(tmp.resolve("blobs")));
    }

    private static RawRecord record(byte[] bytes) {
        return new RawRecord(IngestTestSettings.DICOM_TOPIC, 0, 0, 1000L, null, bytes);
    }

    private static Path dir() {
        return Path.of(System.getProperty("medstream.fuzz.dir"));
    }
}
