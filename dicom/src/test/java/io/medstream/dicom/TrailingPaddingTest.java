package io.medstream.dicom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Zero bytes after the top-level dataset (a real MR series had one such slice; pydicom and dcmtk
 * read it): the file reads as without them, while a non-zero byte in the padding is still an error.
 */
class TrailingPaddingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"implicit_little.dcm", "explicit_little.dcm", "rle.dcm"})
    void zeroPaddingAfterTheDatasetIsIgnored(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(SamplesTest.samplesDir().resolve(file));
        DicomSummary plain = DicomSummary.of(file, bytes, DicomLimits.DEFAULT);
        for (int pad : new int[] {4, 7, 1024}) {
            byte[] padded = Arrays.copyOf(bytes, bytes.length + pad);
            assertThat(DicomSummary.of(file, padded, DicomLimits.DEFAULT))
                    .as(pad + " zero bytes")
                    .isEqualTo(plain);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"implicit_little.dcm", "explicit_little.dcm"})
    void aNonZeroByteInThePaddingIsStillAnError(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(SamplesTest.samplesDir().resolve(file));
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 64);
        padded[padded.length - 1] = 1;
        assertThatThrownBy(() -> DicomSummary.of(file, padded, DicomLimits.DEFAULT))
                .isInstanceOf(DicomException.class);
    }
}
