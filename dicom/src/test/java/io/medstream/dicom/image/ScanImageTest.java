package io.medstream.dicom.image;

import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.DicomWriter;
import io.medstream.dicom.Tag;
import io.medstream.dicom.TestImages;
import io.medstream.dicom.VR;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The one image type and the one attribute rule, on hand-built datasets with known values. */
class ScanImageTest {

    /** A 2×3 image with {@code frames} frames of 16-bit unsigned samples 0, 10, 20, ... */
    private static DicomDataset image(int samplesPerPixel, int frames) {
        DicomDataset ds = TestImages.image(2, 3, frames, samplesPerPixel, 16, 0);
        ds.putString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.42 "); // padded, as on the wire
        ds.putInt(Tag.INSTANCE_NUMBER, VR.IS, 9);
        short[] px = new short[6 * samplesPerPixel * frames];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (10 * i);
        }
        ds.putShorts(Tag.PIXEL_DATA, px);
        return ds;
    }

    private static ScanImage read(DicomDataset ds, int frame) {
        return ScanImage.fromDicom(DicomReader.read(DicomWriter.write(ds)), frame);
    }

    @Test
    void modalityValuesAndAttributesOfAGreyFrame() {
        DicomDataset ds = image(1, 1);
        ds.putString(Tag.MODALITY, VR.CS, " ct");
        ds.putDouble(Tag.RESCALE_SLOPE, VR.DS, 2);
        ds.putDouble(Tag.RESCALE_INTERCEPT, VR.DS, -1024);
        ds.putDouble(Tag.WINDOW_CENTER, VR.DS, 40, 400);
        ds.putDouble(Tag.WINDOW_WIDTH, VR.DS, 350, 2000);
        ds.putDouble(Tag.PIXEL_SPACING, VR.DS, 0.7, 0.5);

        ScanImage img = read(ds, 0);
        // stored 0,10,..,50 → 2·s − 1024
        assertThat(img.values()).containsExactly(-1024, -1004, -984, -964, -944, -924);
        assertThat(img.rows()).isEqualTo(2);
        assertThat(img.cols()).isEqualTo(3);
        assertThat(img.modality()).isEqualTo("CT");
        assertThat(img.window()).isEqualTo(new DisplayWindow(40, 350));
        assertThat(img.spacing()).isEqualTo(new PixelSpacingMm(0.7, 0.5));
        assertThat(img.pixelAreaMm2()).isEqualTo(0.35, offset(1e-12));
        assertThat(img.monochrome1()).isFalse();
        assertThat(img.sopInstanceUid()).isEqualTo("2.25.42");
        assertThat(img.instanceNumber()).isEqualTo(9);
        assertThat(img.frameIndex()).isZero();
    }

    @Test
    void theModelsLookAtTheMiddleFrameOfAMultiFrameInstance() {
        ScanImage img = ScanImage.middleFrame(DicomReader.read(DicomWriter.write(image(1, 3))));
        assertThat(img.frameIndex()).isEqualTo(1);
        // frame 1 holds stored values 60..110
        assertThat(img.values()).containsExactly(60, 70, 80, 90, 100, 110);
        assertThatThrownBy(() -> read(image(1, 3), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame 3 of 3");
    }

    @Test
    void rgbBecomesItsBt601LuminanceAndKeepsNoWindow() {
        DicomDataset ds = image(3, 1);
        ds.putDouble(Tag.WINDOW_CENTER, VR.DS, 40);
        ds.putDouble(Tag.WINDOW_WIDTH, VR.DS, 400);
        ScanImage img = read(ds, 0);
        // pixel 0 = (0, 10, 20): 0.299·0 + 0.587·10 + 0.114·20 = 8.15
        assertThat(img.values()[0]).isEqualTo(8.15, offset(1e-9));
        // pixel 5 = (150, 160, 170) → 44.85 + 93.92 + 19.38 = 158.15
        assertThat(img.values()[5]).isEqualTo(158.15, offset(1e-9));
        assertThat(img.window()).isNull();
        assertThat(img.modality()).isEqualTo("OT");
    }

    @Test
    void theAttributeRuleRefusesIncompleteOrImpossibleValues() {
        DicomDataset ds = new DicomDataset();
        assertThat(ImageAttributes.modality(ds)).isEqualTo("OT");
        ds.putString(Tag.MODALITY, VR.CS, "  ");
        assertThat(ImageAttributes.modality(ds)).isEqualTo("OT");
        ds.putString(Tag.MODALITY, VR.CS, "mr ");
        assertThat(ImageAttributes.modality(ds)).isEqualTo("MR");

        assertThat(ImageAttributes.window(ds, 1)).isNull();
        ds.putDouble(Tag.WINDOW_CENTER, VR.DS, 40);
        assertThat(ImageAttributes.window(ds, 1)).as("centre without width").isNull();
        ds.putDouble(Tag.WINDOW_WIDTH, VR.DS, 0);
        assertThat(ImageAttributes.window(ds, 1)).as("zero width").isNull();
        ds.putDouble(Tag.WINDOW_WIDTH, VR.DS, 80);
        assertThat(ImageAttributes.window(ds, 1)).isEqualTo(new DisplayWindow(40, 80));
        assertThat(ImageAttributes.window(ds, 3)).as("colour").isNull();

        assertThat(ImageAttributes.spacing(ds)).isNull();
        ds.putDouble(Tag.PIXEL_SPACING, VR.DS, 0.5);
        assertThat(ImageAttributes.spacing(ds)).as("one value").isNull();
        ds.putDouble(Tag.PIXEL_SPACING, VR.DS, 0.5, 0);
        assertThat(ImageAttributes.spacing(ds)).as("a zero").isNull();
        ds.putDouble(Tag.PIXEL_SPACING, VR.DS, 0.5, 0.25);
        assertThat(ImageAttributes.spacing(ds)).isEqualTo(new PixelSpacingMm(0.5, 0.25));
    }

    @Test
    void aGreyImageHasNoDicomAttributes() {
        ScanImage g = ScanImage.grey(new double[] {1, 2}, 1, 2);
        assertThat(g.modality()).isEqualTo("OT");
        assertThat(g.window()).isNull();
        assertThat(g.spacing()).isNull();
        assertThat(g.pixelAreaMm2()).isNaN();
        assertThat(g.sopInstanceUid()).isNull();
        assertThatThrownBy(() -> ScanImage.grey(new double[3], 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need rows×cols values, got 3 for 1×2");
    }
}
