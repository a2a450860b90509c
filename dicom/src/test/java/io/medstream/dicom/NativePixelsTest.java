package io.medstream.dicom;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class NativePixelsTest {

    @Test
    void bitsStoredMaskingAndSignExtension() {
        assertThat(NativePixels.storedValue(0xF800, 12, false)).isEqualTo(0x800);
        assertThat(NativePixels.storedValue(0xF800, 12, true)).isEqualTo(-2048);
        assertThat(NativePixels.storedValue(0x07FF, 12, true)).isEqualTo(2047);
        assertThat(NativePixels.storedValue(0xFFFF, 12, true)).isEqualTo(-1);
        assertThat(NativePixels.storedValue(0x1FFF, 12, false)).isEqualTo(0xFFF);
        assertThat(NativePixels.storedValue(0xFF, 8, true)).isEqualTo(-1);
        assertThat(NativePixels.storedValue(-5, 32, true)).isEqualTo(-5);
    }

    @Test
    void twelveBitsInSixteenAllocatedThroughTheImage() {
        DicomDataset ds = TestImages.image(1, 4, 1, 1, 16, 1);
        ds.putInt(Tag.BITS_STORED, VR.US, 12);
        ds.putInt(Tag.HIGH_BIT, VR.US, 11);
        // garbage in the 4 high bits must be ignored
        ds.putShorts(
                Tag.PIXEL_DATA,
                new short[] {(short) 0xF800, (short) 0x07FF, (short) 0xAFFF, 0x1001});
        float[] f = DicomReader.read(DicomWriter.write(ds)).image().frame(0);
        assertThat(f).containsExactly(-2048, 2047, -1, 1);
        ds.putInt(Tag.PIXEL_REPRESENTATION, VR.US, 0);
        f = DicomReader.read(DicomWriter.write(ds)).image().frame(0);
        assertThat(f).containsExactly(0x800, 0x7FF, 0xFFF, 1);
    }

    @Test
    void thirtyTwoBitUnsignedAndSigned() {
        ByteBuffer b =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(70000);
        float[] out = new float[2];
        NativePixels.convert(b, 0, 2, 1, false, 32, 32, false, 1, 0, out);
        assertThat(out).containsExactly(4294967295f, 70000f);
        NativePixels.convert(b, 0, 2, 1, false, 32, 32, true, 1, 0, out);
        assertThat(out).containsExactly(-1f, 70000f);
    }

    @Test
    void oneBitFramesArePackedAcrossFrames() {
        DicomDataset ds = TestImages.image(1, 3, 3, 1, 1, 0);
        ds.putInt(Tag.BITS_STORED, VR.US, 1);
        // 9 bits, LSB first: 0x135 = frame0 1,0,1 / frame1 0,1,1 / frame2 0,0,1
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {0x35, 0x01});
        DecodedImage image = DicomReader.read(DicomWriter.write(ds)).image();
        assertThat(image.frame(0)).containsExactly(1, 0, 1);
        assertThat(image.frame(1)).containsExactly(0, 1, 1);
        assertThat(image.frame(2)).containsExactly(0, 0, 1);
    }

    @Test
    void monochrome1DisplayValuesAreInvertedButFrameIsNot() {
        DicomDataset ds = TestImages.image(1, 3, 1, 1, 8, 0);
        ds.putString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME1");
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {0, 100, (byte) 255});
        DecodedImage image = DicomReader.read(DicomWriter.write(ds)).image();
        assertThat(image.isMonochrome1()).isTrue();
        assertThat(image.frame(0)).containsExactly(0, 100, 255);
        assertThat(image.displayFrame(0)).containsExactly(255, 155, 0);
    }

    @Test
    void bigEndianSixteenBit() {
        ByteBuffer b =
                ByteBuffer.allocate(4)
                        .order(ByteOrder.BIG_ENDIAN)
                        .putShort((short) 0x0102)
                        .putShort((short) -2);
        float[] out = new float[2];
        NativePixels.convert(b, 0, 2, 1, false, 16, 16, true, 1, 0, out);
        assertThat(out).containsExactly(0x0102, -2);
    }
}
