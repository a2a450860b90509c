package io.medstream.training.samunet.inference;

import io.medstream.models.samunet.inference.ImageSource;
import io.medstream.models.samunet.inference.MaskImages;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** CLI inputs: DICOM (values, window, spacing from the tags) and PNG (luminance, no spacing). */
class ImageSourceTest {

    @TempDir Path dir;

    @Test
    void readsDicomPhantomsAndMaskPngs() throws Exception {
        PhantomSlice slice = new PhantomGenerator().generate(7, 1);
        Path dcm = dir.resolve("a.dcm");
        Files.write(dcm, PhantomDicom.encode(slice));
        ImageSource src = ImageSource.read(dcm);
        assertThat(src.rows()).isEqualTo(slice.rows());
        assertThat(src.cols()).isEqualTo(slice.columns());
        assertThat(src.modality()).isEqualTo(slice.modality().name());
        assertThat(src.spacingMm()).isCloseTo(slice.pixelSpacingMm(), offset(1e-6));
        assertThat(src.window().center()).isEqualTo(slice.windowCenter());
        double[] expected = slice.modalityValues();
        for (int i = 0; i < expected.length; i += 97) {
            assertThat(src.values()[i]).isCloseTo(expected[i], offset(1e-3));
        }

        boolean[] mask = new boolean[20 * 30];
        mask[5 * 30 + 7] = true;
        Path png = dir.resolve("m.png");
        MaskImages.writeMaskPng(png, mask, 20, 30);
        ImageSource p = ImageSource.read(png);
        assertThat(p.rows()).isEqualTo(20);
        assertThat(p.cols()).isEqualTo(30);
        assertThat(p.modality()).isEqualTo("OT");
        assertThat(p.spacingMm()).isNaN();
        assertThat(p.values()[5 * 30 + 7]).isEqualTo(255.0);
        assertThat(p.values()[0]).isZero();
    }
}
