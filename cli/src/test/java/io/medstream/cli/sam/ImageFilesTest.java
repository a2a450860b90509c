package io.medstream.cli.sam;

import io.medstream.dicom.image.ScanImage;
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
class ImageFilesTest {

    @TempDir Path dir;

    @Test
    void aDicomPhantomReadsAsTheImageThePhantomDescribes() throws Exception {
        PhantomSlice slice = new PhantomGenerator().generate(7, 1);
        Path dcm = dir.resolve("a.dcm");
        Files.write(dcm, PhantomDicom.encode(slice));

        ScanImage read = ImageFiles.read(dcm);
        ScanImage truth = slice.image();
        assertThat(read.rows()).isEqualTo(truth.rows());
        assertThat(read.cols()).isEqualTo(truth.cols());
        assertThat(read.modality()).isEqualTo(truth.modality());
        assertThat(read.window()).isEqualTo(truth.window());
        assertThat(read.monochrome1()).isFalse();
        assertThat(read.spacing()).isEqualTo(truth.spacing());
        assertThat(read.sopInstanceUid()).isEqualTo(truth.sopInstanceUid());
        assertThat(read.instanceNumber()).isEqualTo(truth.instanceNumber());
        assertThat(read.frameIndex()).isZero();
        for (int i = 0; i < truth.values().length; i++) {
            assertThat(read.values()[i]).isCloseTo(truth.values()[i], offset(1e-3));
        }
    }

    @Test
    void aPngReadsAsGreyLevelsWithoutSpacing() throws Exception {
        boolean[] mask = new boolean[20 * 30];
        mask[5 * 30 + 7] = true;
        Path png = dir.resolve("m.png");
        MaskImages.writeMaskPng(png, mask, 20, 30);

        ScanImage p = ImageFiles.read(png);
        assertThat(p.rows()).isEqualTo(20);
        assertThat(p.cols()).isEqualTo(30);
        assertThat(p.modality()).isEqualTo("OT");
        assertThat(p.spacing()).isNull();
        assertThat(p.pixelAreaMm2()).isNaN();
        assertThat(p.values()[5 * 30 + 7]).isEqualTo(255.0);
        assertThat(p.values()[0]).isZero();
    }
}
