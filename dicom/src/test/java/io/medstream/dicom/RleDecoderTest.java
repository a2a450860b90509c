package io.medstream.dicom;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RleDecoderTest {

    /** A frame: 64-byte header then the given segments. */
    static byte[] frame(byte[]... segments) {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(segments.length);
        int offset = 64;
        for (byte[] s : segments) {
            header.putInt(offset);
            offset += s.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void literalRun() {
        byte[] out =
                RleDecoder.decode(ByteBuffer.wrap(frame(bytes(3, 10, 20, 30, 40))), 2, 2, 1, 8);
        assertThat(out).containsExactly(10, 20, 30, 40);
    }

    @Test
    void replicateRunAndNoOp() {
        // -3 => repeat next byte 4 times; -128 is a no-op
        byte[] out = RleDecoder.decode(ByteBuffer.wrap(frame(bytes(-128, -3, 7))), 1, 4, 1, 8);
        assertThat(out).containsExactly(7, 7, 7, 7);
    }

    @Test
    void mixedRunsAcrossRows() {
        byte[] out =
                RleDecoder.decode(ByteBuffer.wrap(frame(bytes(1, 1, 2, -2, 9, 0, 3))), 2, 3, 1, 8);
        assertThat(out).containsExactly(1, 2, 9, 9, 9, 3);
    }

    @Test
    void sixteenBitSegmentsAreMostSignificantFirst() {
        // pixel values 0x0102, 0x0304 => high plane {1,3}, low plane {2,4}
        byte[] out =
                RleDecoder.decode(
                        ByteBuffer.wrap(frame(bytes(1, 1, 3), bytes(1, 2, 4))), 1, 2, 1, 16);
        assertThat(out).containsExactly(2, 1, 4, 3);
        float[] values = new float[2];
        NativePixels.convert(
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN),
                0,
                2,
                1,
                false,
                16,
                16,
                false,
                1,
                0,
                values);
        assertThat(values).containsExactly(0x0102, 0x0304);
    }

    @Test
    void rgbSegmentsAreInterleaved() {
        byte[] out =
                RleDecoder.decode(
                        ByteBuffer.wrap(frame(bytes(-1, 255), bytes(1, 0, 128), bytes(-1, 5))),
                        1,
                        2,
                        3,
                        8);
        assertThat(out).containsExactly(255, 0, 5, 255, 128, 5);
    }

    @Test
    void shortSegmentIsPixelDecodeError() {
        assertThatThrownBy(
                        () -> RleDecoder.decode(ByteBuffer.wrap(frame(bytes(1, 1, 2))), 2, 2, 1, 8))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("segment 0 decodes to 2 bytes, expected 4")
                .extracting(e -> ((DicomException) e).reason())
                .isEqualTo(DicomException.Reason.PIXEL_DECODE);
    }

    @Test
    void wrongSegmentCountIsPixelDecodeError() {
        assertThatThrownBy(
                        () -> RleDecoder.decode(ByteBuffer.wrap(frame(bytes(0, 1))), 1, 1, 1, 16))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("declares 1 segments, expected 2");
    }

    @Test
    void badSegmentOffsetIsPixelDecodeError() {
        byte[] f = frame(bytes(0, 1));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 9999);
        assertThatThrownBy(() -> RleDecoder.decode(ByteBuffer.wrap(f), 1, 1, 1, 8))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("invalid offsets");
    }

    @Test
    void rleFileDecodesThroughTheImage() {
        DicomDataset ds = TestImages.image(1, 3, 2, 1, 16, 1);
        // frame 0: -1, 0, 1 ; frame 1: 300, 300, 300
        byte[] f0 = frame(bytes(2, 0xFF, 0, 0), bytes(2, 0xFF, 0, 1));
        byte[] f1 = frame(bytes(-2, 1), bytes(-2, 0x2C));
        ds.putFragments(Tag.PIXEL_DATA, List.of(f0, f1));
        DecodedImage image =
                DicomReader.read(DicomWriter.write(ds, TransferSyntax.RLE_LOSSLESS.uid())).image();
        assertThat(image.frame(0)).containsExactly(-1, 0, 1);
        assertThat(image.frame(1)).containsExactly(300, 300, 300);
    }
}
