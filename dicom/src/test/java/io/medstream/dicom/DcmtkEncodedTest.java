package io.medstream.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Files compressed by DCMTK (see resources/dicom/README.md) decode to exactly the native pixels.
 */
class DcmtkEncodedTest {

    static DicomFile resource(String name) throws IOException {
        try (InputStream in = DcmtkEncodedTest.class.getResourceAsStream("/dicom/" + name)) {
            assertThat(in).as(name).isNotNull();
            return DicomReader.read(in, DicomLimits.DEFAULT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ct16s_jpeg_lossless_p14.dcm, ct16s_native.dcm, 1.2.840.10008.1.2.4.57",
        "ct16s_jpeg_lossless_sv1.dcm, ct16s_native.dcm, 1.2.840.10008.1.2.4.70",
        "ct16s_rle.dcm, ct16s_native.dcm, 1.2.840.10008.1.2.5",
        "rgb8_rle.dcm, rgb8_native.dcm, 1.2.840.10008.1.2.5",
        "rgb8_jpeg_lossless_sv1.dcm, rgb8_native.dcm, 1.2.840.10008.1.2.4.70",
    })
    void losslessFramesEqualNative(String compressed, String nativeFile, String tsUid)
            throws IOException {
        DicomFile file = resource(compressed);
        assertThat(file.transferSyntax().uid()).isEqualTo(tsUid);
        DecodedImage image = file.image();
        DecodedImage reference = resource(nativeFile).image();
        assertThat(image.frames()).isEqualTo(reference.frames());
        for (int f = 0; f < image.frames(); f++) {
            assertThat(image.frame(f)).as("frame %d", f).containsExactly(reference.frame(f));
        }
    }

    @Test
    void nativeReferenceFollowsTheFormula() throws IOException {
        DecodedImage ct = resource("ct16s_native.dcm").image();
        float[] f1 = ct.frame(1);
        int x = 5;
        int y = 7;
        assertThat(f1[y * 48 + x]).isEqualTo(((x * 37 + y * 101 + 500) % 4000) - 2000 - 1024f);
        float[] rgb = resource("rgb8_native.dcm").image().frame(0);
        assertThat(rgb[4]).isEqualTo((4 * 7 + 60) & 0xFF);
    }

    @Test
    void realJpegLsFileIsUnsupported() throws IOException {
        DicomFile file = resource("ct16s_jpegls.dcm");
        Throwable t = catchThrowable(file::image);
        assertThat(t)
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(
                        "1.2.840.10008.1.2.4.80 (JPEG-LS Lossless Image Compression)");
        assertThat(((DicomException) t).reason())
                .isEqualTo(DicomException.Reason.UNSUPPORTED_TRANSFER_SYNTAX);
    }
}
