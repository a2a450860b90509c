package io.medstream.dicom;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Encapsulated files built from streams written by ImageIO (JDK JPEG, jai-imageio JPEG 2000). */
class CodecRoundTripTest {

    @Test
    void jpegBaselineGrayMultiFrame() throws IOException {
        int rows = 32;
        int cols = 48;
        DicomDataset ds = TestImages.image(rows, cols, 2, 1, 8, 0);
        BufferedImage a = gray8(rows, cols, 0);
        BufferedImage b = gray8(rows, cols, 100);
        ds.putFragments(Tag.PIXEL_DATA, List.of(encode(a, "jpeg", null), encode(b, "jpeg", null)));
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid())).image();
        assertClose(image.frame(0), a.getRaster().getPixels(0, 0, cols, rows, (int[]) null), 4);
        assertClose(image.frame(1), b.getRaster().getPixels(0, 0, cols, rows, (int[]) null), 4);
    }

    @Test
    void jpegBaselineColourComesBackAsRgb() throws IOException {
        int rows = 16;
        int cols = 16;
        DicomDataset ds = TestImages.image(rows, cols, 1, 3, 8, 0);
        ds.putString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "YBR_FULL_422");
        BufferedImage rgb = new BufferedImage(cols, rows, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                rgb.setRGB(x, y, 0xC02010);
            }
        }
        ds.putFragments(Tag.PIXEL_DATA, List.of(encode(rgb, "jpeg", null)));
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid())).image();
        assertThat(image.photometric()).isEqualTo("RGB");
        float[] f = image.frame(0);
        assertThat(f).hasSize(rows * cols * 3);
        assertThat(f[0]).isCloseTo(0xC0, Offset.offset(6f));
        assertThat(f[1]).isCloseTo(0x20, Offset.offset(6f));
        assertThat(f[2]).isCloseTo(0x10, Offset.offset(6f));
    }

    @Test
    void jpeg2000LosslessSixteenBitSigned() throws IOException {
        int rows = 20;
        int cols = 24;
        DicomDataset ds = TestImages.image(rows, cols, 1, 1, 16, 1);
        ds.putDouble(Tag.RESCALE_INTERCEPT, VR.DS, -1024);
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        int[] expected = new int[rows * cols];
        for (int i = 0; i < expected.length; i++) {
            short v = (short) ((i * 997) % 65536 - 32768);
            expected[i] = v;
            r.setSample(i % cols, i / cols, 0, v & 0xFFFF);
        }
        ds.putFragments(Tag.PIXEL_DATA, List.of(encode(img, "jpeg2000", "lossless")));
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_2000_LOSSLESS.uid()))
                        .image();
        float[] f = image.frame(0);
        for (int i = 0; i < expected.length; i++) {
            assertThat(f[i]).as("sample %d", i).isEqualTo(expected[i] - 1024f);
        }
    }

    @Test
    void framesSplitAcrossFragmentsAreFoundBySoiMarkersWithoutOffsetTable() throws IOException {
        int rows = 16;
        int cols = 16;
        BufferedImage a = gray8(rows, cols, 0);
        BufferedImage b = gray8(rows, cols, 50);
        BufferedImage c = gray8(rows, cols, 150);
        List<byte[]> fragments = new ArrayList<>();
        for (BufferedImage img : List.of(a, b, c)) {
            byte[] jpeg = encode(img, "jpeg", null);
            int half = jpeg.length / 2 & ~1;
            fragments.add(Arrays.copyOfRange(jpeg, 0, half));
            fragments.add(Arrays.copyOfRange(jpeg, half, jpeg.length));
        }
        DicomDataset ds = TestImages.image(rows, cols, 3, 1, 8, 0);
        ds.putFragments(Tag.PIXEL_DATA, fragments);
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid())).image();
        assertClose(image.frame(2), c.getRaster().getPixels(0, 0, cols, rows, (int[]) null), 4);
        assertClose(image.frame(0), a.getRaster().getPixels(0, 0, cols, rows, (int[]) null), 4);
    }

    @Test
    void basicOffsetTableMapsMultiFragmentFrames() throws IOException {
        int rows = 16;
        int cols = 16;
        byte[] a = encode(gray8(rows, cols, 0), "jpeg", null);
        byte[] b = encode(gray8(rows, cols, 200), "jpeg", null);
        // frame 0 = fragments 0..1, frame 1 = fragment 2 (even lengths keep offsets exact)
        int half = a.length / 2 & ~1;
        byte[] a1 = Arrays.copyOfRange(a, 0, half);
        byte[] a2 = Arrays.copyOfRange(a, half, a.length + (a.length & 1));
        byte[] b1 = Arrays.copyOf(b, b.length + (b.length & 1));
        ByteBuffer bot =
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(0)
                        .putInt(8 + a1.length + 8 + a2.length)
                        .flip();
        DicomDataset ds = TestImages.image(rows, cols, 2, 1, 8, 0);
        ds.put(
                DicomElement.ofFragments(
                        Tag.PIXEL_DATA,
                        VR.OB,
                        bot,
                        List.of(ByteBuffer.wrap(a1), ByteBuffer.wrap(a2), ByteBuffer.wrap(b1))));
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid())).image();
        assertClose(
                image.frame(1),
                gray8(rows, cols, 200).getRaster().getPixels(0, 0, cols, rows, (int[]) null),
                4);
        assertClose(
                image.frame(0),
                gray8(rows, cols, 0).getRaster().getPixels(0, 0, cols, rows, (int[]) null),
                4);

        // the same layout described by an Extended Offset Table and an empty basic offset table
        ds.put(
                DicomElement.ofFragments(
                        Tag.PIXEL_DATA,
                        VR.OB,
                        ByteBuffer.allocate(0),
                        List.of(ByteBuffer.wrap(a1), ByteBuffer.wrap(a2), ByteBuffer.wrap(b1))));
        ByteBuffer eot =
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(0)
                        .putLong(8 + a1.length + 8 + a2.length);
        ds.putBytes(Tag.EXTENDED_OFFSET_TABLE, VR.OV, eot.array());
        image = DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid())).image();
        assertClose(
                image.frame(1),
                gray8(rows, cols, 200).getRaster().getPixels(0, 0, cols, rows, (int[]) null),
                4);

        // an offset that is not a fragment boundary is a clear error
        eot.putLong(8, 12345);
        ds.putBytes(Tag.EXTENDED_OFFSET_TABLE, VR.OV, eot.array());
        DicomFile bad = DicomReader.read(DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid()));
        assertThat(Assertions.catchThrowable(bad::image))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("offset table entry 0 (0, next 12345)");
    }

    private static BufferedImage gray8(int rows, int cols, int base) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, (base + x * 2 + y) & 0xFF);
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format, String mode) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
        assertThat(it.hasNext()).as("ImageIO writer for " + format).isTrue();
        ImageWriter writer = it.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if ("jpeg".equals(format)) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
        } else if (param instanceof J2KImageWriteParam j2k) {
            j2k.setLossless(true);
            j2k.setWriteCodeStreamOnly(true);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void assertClose(float[] actual, int[] expected, int tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("sample %d", i)
                    .isLessThanOrEqualTo(tolerance);
        }
    }
}
