package io.medstream.dicom;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-built codestreams (T.800 Annex A marker layout) for the checks {@link J2kMainHeader} makes
 * before jj2000 sees a frame: what real encoders write passes, what makes jj2000 spin fails.
 */
class J2kMainHeaderTest {

    @Test
    void readsTheGridAndCodingStyle() {
        J2kMainHeader h = J2kMainHeader.parse(codestream(tilePart(0, 0, 1, body(0x12, 0x34))));
        assertThat(h).isEqualTo(new J2kMainHeader(64, 32, 1, 12, 1, 64, 32, 5, 1));
        h.check(32, 64, 1, 16);
    }

    @Test
    void acceptsMoreTilePartsThanTnsotSaysAsGdcmWrites() {
        // GDCM writes TNsot one below the number of tile-parts; OpenJPEG and jj2000 decode it
        byte[] cs = codestreamBytes(tilePart(0, 0, 1, body(1, 2)), tilePart(0, 1, 1, body(3, 4)));
        assertThat(J2kMainHeader.parse(ByteBuffer.wrap(cs)).tiles()).isEqualTo(1);
    }

    @Test
    void refusesABodyEndingInFfBeforeTheNextTilePart() {
        // jj2000 takes the next marker's FF as a stuffed byte and returns 1-bits forever
        byte[] cs =
                codestreamBytes(tilePart(0, 0, 2, body(0x7F, 0xFF)), tilePart(0, 1, 2, body(1)));
        assertThatThrownBy(() -> J2kMainHeader.parse(ByteBuffer.wrap(cs)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("tile-part body ends in FF at offset 74");
    }

    @Test
    void refusesFfFollowedByAMarkerByteInsideABody() {
        byte[] cs = codestreamBytes(tilePart(0, 0, 1, body(0x01, 0xFF, 0xFF, 0x02)));
        assertThatThrownBy(() -> J2kMainHeader.parse(ByteBuffer.wrap(cs)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("holds the bytes FF FF at offset 74");
    }

    @Test
    void acceptsSopAndEphMarkersInsideABody() {
        byte[] cs = codestreamBytes(tilePart(0, 0, 1, body(0xFF, 0x91, 0, 4, 0, 0, 0xFF, 0x92, 7)));
        assertThat(J2kMainHeader.parse(ByteBuffer.wrap(cs)).width()).isEqualTo(64);
    }

    @Test
    void refusesATileIndexOutsideTheGrid() {
        byte[] cs = codestreamBytes(tilePart(1, 0, 1, body(1)));
        assertThatThrownBy(() -> J2kMainHeader.parse(ByteBuffer.wrap(cs)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("tile-part 0 of 1 for tile 1 of 1");
    }

    @Test
    void refusesAGeometryTheDatasetDoesNotDeclare() {
        J2kMainHeader h = J2kMainHeader.parse(codestream(tilePart(0, 0, 1, body(1))));
        assertThatThrownBy(() -> h.check(64, 64, 1, 16))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("declares 64x32 but the dataset declares 64x64");
        assertThatThrownBy(() -> h.check(32, 64, 1, 8))
                .hasMessageContaining("12-bit components but Bits Allocated is 8");
    }

    private static ByteBuffer codestream(byte[]... tileParts) {
        return ByteBuffer.wrap(codestreamBytes(tileParts));
    }

    /** SOC, SIZ (64×32, one 12-bit component, one tile), COD (5 levels, 1 layer), parts, EOC. */
    private static byte[] codestreamBytes(byte[]... tileParts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0xFF4F);
        u16(out, 0xFF51);
        u16(out, 41); // Lsiz = 38 + 3 × Csiz
        u16(out, 0); // Rsiz
        u32(out, 64); // Xsiz
        u32(out, 32); // Ysiz
        u32(out, 0); // XOsiz
        u32(out, 0); // YOsiz
        u32(out, 64); // XTsiz
        u32(out, 32); // YTsiz
        u32(out, 0); // XTOsiz
        u32(out, 0); // YTOsiz
        u16(out, 1); // Csiz
        out.write(11); // Ssiz: 12 bits unsigned
        out.write(1);
        out.write(1);
        u16(out, 0xFF52);
        u16(out, 12); // Lcod
        out.write(0); // Scod
        out.write(0); // progression order
        u16(out, 1); // layers
        out.write(0); // multiple component transform
        out.write(5); // decomposition levels
        out.write(4); // code-block width exponent − 2
        out.write(4); // code-block height exponent − 2
        out.write(0); // code-block style
        out.write(0); // transform: 9/7 irreversible
        // 2 + 43 + 14 = 59 bytes: the first SOT is at offset 59, its body at 59 + 14 = 73
        for (byte[] part : tileParts) {
            out.writeBytes(part);
        }
        u16(out, 0xFFD9);
        return out.toByteArray();
    }

    /** SOT (Isot, Psot, TPsot, TNsot), SOD, then the body. */
    private static byte[] tilePart(int isot, int tpsot, int tnsot, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0xFF90);
        u16(out, 10);
        u16(out, isot);
        u32(out, 14 + body.length);
        out.write(tpsot);
        out.write(tnsot);
        u16(out, 0xFF93);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] body(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >>> 16));
        u16(out, (int) v);
    }
}
