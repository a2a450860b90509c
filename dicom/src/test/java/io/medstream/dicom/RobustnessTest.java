package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class RobustnessTest {

    /** Runs the whole pipeline (parse, locate frames, decode frame 0) as the ingestion job does. */
    private static void ingest(byte[] bytes, DicomLimits limits) {
        DicomSummary.of("x.dcm", bytes, limits);
    }

    private static DicomException expectDicom(
            Executable action, Reason reason, String... messageParts) {
        Throwable t = catchThrowable(action::execute);
        assertThat(t).isInstanceOf(DicomException.class);
        DicomException e = (DicomException) t;
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        for (String part : messageParts) {
            assertThat(e.getMessage()).contains(part);
        }
        return e;
    }

    private static byte[] sampleCt() {
        DicomDataset ds = TestImages.image(16, 16, 2, 1, 16, 1);
        ds.addItem(Tag.REFERENCED_SERIES_SEQUENCE)
                .addItem(Tag.REFERENCED_INSTANCE_SEQUENCE)
                .putString(Tag.REFERENCED_SOP_INSTANCE_UID, VR.UI, "2.25.77");
        ds.putShorts(Tag.PIXEL_DATA, new short[16 * 16 * 2]);
        return DicomWriter.write(ds);
    }

    @Test
    void truncatedFilesAtEveryCutPoint() throws IOException {
        List<byte[]> inputs =
                List.of(
                        sampleCt(),
                        Files.readAllBytes(SamplesTest.samplesDir().resolve("deflated.dcm")),
                        Files.readAllBytes(SamplesTest.samplesDir().resolve("explicit_big.dcm")),
                        Files.readAllBytes(SamplesTest.samplesDir().resolve("rle.dcm")));
        for (byte[] full : inputs) {
            DicomSummary complete = DicomSummary.of("x.dcm", full, DicomLimits.DEFAULT);
            int step = Math.max(1, full.length / 997);
            for (int cut = 0;
                    cut < full.length;
                    cut += cut < 600 || cut > full.length - 64 ? 1 : step) {
                byte[] part = Arrays.copyOf(full, cut);
                Throwable t =
                        catchThrowable(
                                () -> {
                                    // deflated.dcm has 8 bytes after the end of its deflate stream:
                                    // cutting only those is harmless
                                    assertThat(DicomSummary.of("x.dcm", part, DicomLimits.DEFAULT))
                                            .isEqualTo(complete);
                                    throw new DicomException(
                                            Reason.TRUNCATED, "only trailing bytes were cut");
                                });
                assertThat(t)
                        .as("cut at %d of %d", cut, full.length)
                        .isInstanceOf(DicomException.class);
                assertThat(((DicomException) t).reason())
                        .as("cut at %d: %s", cut, t.getMessage())
                        .isIn(
                                Reason.TRUNCATED,
                                Reason.NOT_DICOM,
                                Reason.MALFORMED,
                                Reason.MISSING_ATTRIBUTE,
                                Reason.PIXEL_DECODE);
            }
        }
    }

    @Test
    void truncatedInsideAnElementValueSaysTruncated() {
        byte[] full = sampleCt();
        expectDicom(
                () -> ingest(Arrays.copyOf(full, full.length - 100), DicomLimits.DEFAULT),
                Reason.TRUNCATED,
                "(7FE0,0010) PixelData",
                "declares 1024 bytes");
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        Random random = new Random(20240611L);
        byte[] valid = sampleCt();
        for (int i = 0; i < 2000; i++) {
            byte[] junk;
            if (i % 2 == 0) {
                junk = new byte[random.nextInt(2048)];
                random.nextBytes(junk);
                if (i % 4 == 0 && junk.length > 132) {
                    junk[128] = 'D';
                    junk[129] = 'I';
                    junk[130] = 'C';
                    junk[131] = 'M';
                }
            } else {
                junk = valid.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    junk[132 + random.nextInt(junk.length - 132)] = (byte) random.nextInt(256);
                }
            }
            byte[] input = junk;
            Throwable t = catchThrowable(() -> ingest(input, DicomLimits.DEFAULT));
            if (t != null) {
                assertThat(t).as("input %d", i).isInstanceOf(DicomException.class);
            }
        }
    }

    @Test
    void randomCorruptionOfEncapsulatedPixelData() throws IOException {
        Random random = new Random(7L);
        byte[] rle = Files.readAllBytes(SamplesTest.samplesDir().resolve("rle.dcm"));
        byte[] jpeg = jpegFile();
        for (byte[] original : List.of(rle, jpeg)) {
            int pixelStart = indexOfPixelDataHeader(original);
            for (int i = 0; i < 300; i++) {
                byte[] input = original.clone();
                for (int k = 0; k < 1 + random.nextInt(6); k++) {
                    int span = Math.min(400, input.length - pixelStart);
                    input[pixelStart + random.nextInt(span)] = (byte) random.nextInt(256);
                }
                Throwable t = catchThrowable(() -> ingest(input, DicomLimits.DEFAULT));
                if (t != null) {
                    assertThat(t).as("input %d", i).isInstanceOf(DicomException.class);
                }
            }
        }
    }

    @Test
    void jpegHeaderDisagreeingWithRowsIsPixelDecode() throws IOException {
        byte[] bytes = jpegFile();
        DicomFile file = DicomReader.read(bytes);
        file.dataset().putInt(Tag.ROWS, VR.US, 9);
        byte[] rewritten = DicomWriter.write(file.dataset(), TransferSyntax.JPEG_BASELINE.uid());
        expectDicom(
                () -> ingest(rewritten, DicomLimits.DEFAULT),
                Reason.PIXEL_DECODE,
                "8x8",
                "declares 8x9");
    }

    private static byte[] jpegFile() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        DicomDataset ds = TestImages.image(8, 8, 1, 1, 8, 0);
        ds.putFragments(Tag.PIXEL_DATA, List.of(out.toByteArray()));
        return DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid());
    }

    @Test
    void wrongMagic() {
        byte[] bytes = sampleCt();
        bytes[128] = 'D';
        bytes[129] = 'I';
        bytes[130] = 'C';
        bytes[131] = 'X';
        expectDicom(() -> ingest(bytes, DicomLimits.DEFAULT), Reason.NOT_DICOM, "DICM");
        expectDicom(() -> ingest("hello".getBytes(), DicomLimits.DEFAULT), Reason.NOT_DICOM);
        expectDicom(() -> ingest(new byte[0], DicomLimits.DEFAULT), Reason.NOT_DICOM);
    }

    @Test
    void zeroRows() {
        DicomDataset ds = TestImages.image(0, 16, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[0]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.MALFORMED,
                "0 rows and 16 columns");
    }

    @Test
    void missingRowsAndPixelData() {
        DicomDataset ds = TestImages.image(4, 4, 1, 1, 8, 0);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.MISSING_ATTRIBUTE,
                "(7FE0,0010) PixelData");
        ds.remove(Tag.ROWS);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[16]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.MISSING_ATTRIBUTE,
                "(0028,0010) Rows");
    }

    @Test
    void pixelDataShorterThanGeometry() {
        DicomDataset ds = TestImages.image(4, 4, 1, 1, 16, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OW, new byte[16]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.MALFORMED,
                "16 bytes but 32 are needed");
    }

    @Test
    void elementLengthAboveTheLimit() {
        byte[] bytes = sampleCt();
        expectDicom(
                () -> ingest(bytes, DicomLimits.DEFAULT.withMaxElementLength(1000)),
                Reason.LIMIT_EXCEEDED,
                "maxElementLength",
                "(7FE0,0010)",
                "1024 > 1000");
        // a huge declared length in a small file is a limit violation, not an allocation
        byte[] forged = bytes.clone();
        int pos = indexOfPixelDataHeader(forged);
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putInt(pos + 8, 0x7FFFFFF0);
        expectDicom(
                () -> ingest(forged, DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxElementLength",
                Long.toString(0x7FFFFFF0L));
    }

    @Test
    void framesAboveTheLimit() {
        DicomDataset ds = TestImages.image(1, 1, 5000, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[5000]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxFrames",
                "5000 > 4096");
    }

    @Test
    void oneFrameAboveTheFrameLimit() {
        DicomDataset ds = TestImages.image(65535, 65535, 1000, 3, 16, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OW, new byte[2]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxFrameBytes",
                "51538034700 > 134217728"); // 65535² × 3 floats
    }

    @Test
    void allFramesAboveThePixelLimit() {
        // each frame is small (4 MB as floats); 600 of them at 16 bits are 1.2 GB > 1 GiB
        DicomDataset ds = TestImages.image(1000, 1000, 600, 1, 16, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OW, new byte[2]);
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxDecodedPixelBytes",
                "1200000000 > 1073741824");
    }

    @Test
    void sequenceDepthAboveTheLimit() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[1]);
        DicomDataset level = ds;
        for (int i = 0; i < 40; i++) {
            level = level.addItem(Tag.CONTENT_SEQUENCE);
        }
        expectDicom(
                () -> ingest(DicomWriter.write(ds), DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxSequenceDepth",
                "33 > 32");
    }

    @Test
    void deflateBomb() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[1]);
        ds.putBytes(Tag.DATA_SET_TRAILING_PADDING, VR.OB, new byte[20 * 1024 * 1024]);
        byte[] bomb =
                DicomWriter.write(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        assertThat(bomb.length).isLessThan(100_000);
        expectDicom(
                () -> ingest(bomb, DicomLimits.DEFAULT),
                Reason.LIMIT_EXCEEDED,
                "maxInflateRatio",
                "ratio > 100");
        // the same file is accepted when the ratio limit allows it
        ingest(bomb, DicomLimits.DEFAULT.withMaxInflateRatio(10_000));
        expectDicom(
                () ->
                        ingest(
                                bomb,
                                DicomLimits.DEFAULT
                                        .withMaxInflateRatio(10_000)
                                        .withMaxFileBytes(1 << 20)),
                Reason.LIMIT_EXCEEDED,
                "maxFileBytes");
    }

    @Test
    void corruptDeflateStream() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[1]);
        byte[] bytes =
                DicomWriter.write(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        int groupLength = ByteBuffer.wrap(bytes, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = 144 + groupLength;
        for (int i = start; i < bytes.length; i++) {
            bytes[i] = (byte) 0xFF;
        }
        expectDicom(() -> ingest(bytes, DicomLimits.DEFAULT), Reason.MALFORMED, "deflate");
    }

    @Test
    void unsupportedTransferSyntaxNamesUidAndName() {
        DicomDataset ds = TestImages.image(4, 4, 1, 1, 8, 0);
        ds.putFragments(
                Tag.PIXEL_DATA,
                List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xF7}));
        byte[] bytes = DicomWriter.write(ds, TransferSyntax.JPEG_LS_LOSSLESS.uid());
        DicomFile file = DicomReader.read(bytes);
        assertThat(file.transferSyntax().name()).isEqualTo("JPEG-LS Lossless Image Compression");
        expectDicom(
                () -> ingest(bytes, DicomLimits.DEFAULT),
                Reason.UNSUPPORTED_TRANSFER_SYNTAX,
                "1.2.840.10008.1.2.4.80",
                "JPEG-LS Lossless Image Compression");
        byte[] htj2k = DicomWriter.write(ds, "1.2.840.10008.1.2.4.201");
        expectDicom(
                () -> ingest(htj2k, DicomLimits.DEFAULT),
                Reason.UNSUPPORTED_TRANSFER_SYNTAX,
                "1.2.840.10008.1.2.4.201",
                "High-Throughput JPEG 2000");
    }

    @Test
    void corruptJpegFragmentIsPixelDecode() {
        DicomDataset ds = TestImages.image(4, 4, 1, 1, 8, 0);
        ds.putFragments(Tag.PIXEL_DATA, List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4}));
        byte[] bytes = DicomWriter.write(ds, TransferSyntax.JPEG_BASELINE.uid());
        expectDicom(
                () -> ingest(bytes, DicomLimits.DEFAULT),
                Reason.PIXEL_DECODE,
                "1.2.840.10008.1.2.4.50");
    }

    @Test
    void badExplicitVr() {
        byte[] bytes = sampleCt();
        int pos = indexOfPixelDataHeader(bytes);
        bytes[pos + 4] = 'z';
        expectDicom(
                () -> ingest(bytes, DicomLimits.DEFAULT),
                Reason.MALFORMED,
                "invalid VR",
                "(7FE0,0010)");
    }

    @Test
    void messagesNeverContainPatientData() {
        byte[] bytes = sampleCt();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
        DicomException e = expectDicom(() -> ingest(cut, DicomLimits.DEFAULT), Reason.TRUNCATED);
        assertThat(e.getMessage()).doesNotContain("Phantom");
    }

    @Test
    void missingTransferSyntax() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[1]);
        byte[] bytes = DicomWriter.write(ds);
        int pos = indexOf(bytes, new byte[] {2, 0, 0x10, 0, 'U', 'I'});
        bytes[pos + 2] = 0x11;
        assertThatThrownBy(() -> ingest(bytes, DicomLimits.DEFAULT))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("(0002,0010) TransferSyntaxUID");
    }

    static int indexOfPixelDataHeader(byte[] bytes) {
        return indexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
    }

    static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
