package io.medstream.dicom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest {

    @Test
    void eightBitUnsigned() {
        DicomDataset ds = TestImages.image(3, 4, 1, 1, 8, 0);
        byte[] px = new byte[12];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 20);
        }
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, px);
        DicomFile file = DicomReader.read(DicomWriter.write(ds));
        float[] f = file.image().frame(0);
        for (int i = 0; i < px.length; i++) {
            assertThat(f[i]).isEqualTo((float) (px[i] & 0xFF));
        }
        assertSameTags(ds, file.dataset());
    }

    @Test
    void sixteenBitSignedWithRescale() {
        DicomDataset ds = TestImages.image(2, 3, 1, 1, 16, 1);
        ds.putDouble(Tag.RESCALE_SLOPE, VR.DS, 2.5);
        ds.putDouble(Tag.RESCALE_INTERCEPT, VR.DS, -1024);
        short[] px = {-32768, -1, 0, 1, 1000, 32767};
        ds.putShorts(Tag.PIXEL_DATA, px);
        DicomFile file = DicomReader.read(DicomWriter.write(ds));
        DecodedImage image = file.image();
        assertThat(image.pixelRepresentation()).isEqualTo(1);
        assertThat(image.rescaleSlope()).isEqualTo(2.5);
        assertThat(image.rescaleIntercept()).isEqualTo(-1024.0);
        float[] f = image.frame(0);
        for (int i = 0; i < px.length; i++) {
            assertThat(f[i]).isEqualTo((float) (px[i] * 2.5 - 1024));
        }
        assertSameTags(ds, file.dataset());
    }

    @Test
    void rgbInterleavedAndPlanar() {
        DicomDataset ds = TestImages.image(2, 2, 1, 3, 8, 0);
        byte[] interleaved = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, interleaved);
        float[] f = DicomReader.read(DicomWriter.write(ds)).image().frame(0);
        for (int i = 0; i < 12; i++) {
            assertThat(f[i]).isEqualTo(i + 1);
        }
        ds.putInt(Tag.PLANAR_CONFIGURATION, VR.US, 1);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12});
        float[] planar = DicomReader.read(DicomWriter.write(ds)).image().frame(0);
        assertThat(planar).containsExactly(f);
    }

    @Test
    void multiFrameIsDecodedPerFrame() {
        int frames = 5;
        DicomDataset ds = TestImages.image(4, 4, frames, 1, 16, 0);
        short[] px = new short[16 * frames];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i / 16 * 100 + i % 16);
        }
        ds.putShorts(Tag.PIXEL_DATA, px);
        DecodedImage image = DicomReader.read(DicomWriter.write(ds)).image();
        assertThat(image.frames()).isEqualTo(frames);
        for (int f = 0; f < frames; f++) {
            float[] v = image.frame(f);
            assertThat(v[0]).isEqualTo(f * 100f);
            assertThat(v[15]).isEqualTo(f * 100f + 15);
        }
    }

    @Test
    void nestedSequencesOfEveryKind() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {42});
        DicomDataset item = ds.addItem(Tag.REFERENCED_SERIES_SEQUENCE);
        item.putString(Tag.SERIES_INSTANCE_UID, VR.UI, "2.25.99");
        DicomDataset inner = item.addItem(Tag.REFERENCED_INSTANCE_SEQUENCE);
        inner.putString(Tag.REFERENCED_SOP_CLASS_UID, VR.UI, TestImages.CT_IMAGE_STORAGE);
        inner.putString(Tag.REFERENCED_SOP_INSTANCE_UID, VR.UI, "2.25.100");
        inner.putDouble(Tag.NUMERIC_VALUE, VR.FD, 1.5, -2.25);
        item.addItem(Tag.REFERENCED_INSTANCE_SEQUENCE).putInt(Tag.SEGMENT_NUMBER, VR.US, 3);
        ds.putSequence(Tag.ANATOMIC_REGION_SEQUENCE);
        ds.addItem(Tag.CONTENT_SEQUENCE);
        ds.putDouble(Tag.PIXEL_SPACING, VR.DS, 0.48828125, 0.48828125);
        ds.putDouble(Tag.SLICE_THICKNESS, VR.DS, 1.0 / 3.0);
        ds.putString(Tag.TEXT_VALUE, VR.UT, "odd");

        DicomDataset back = DicomReader.read(DicomWriter.write(ds)).dataset();
        assertSameTags(ds, back);
        List<DicomDataset> series = back.getSequence(Tag.REFERENCED_SERIES_SEQUENCE);
        assertThat(series).hasSize(1);
        assertThat(series.get(0).getString(Tag.SERIES_INSTANCE_UID, null)).isEqualTo("2.25.99");
        List<DicomDataset> instances = series.get(0).getSequence(Tag.REFERENCED_INSTANCE_SEQUENCE);
        assertThat(instances).hasSize(2);
        assertThat(instances.get(0).getString(Tag.REFERENCED_SOP_INSTANCE_UID, null))
                .isEqualTo("2.25.100");
        assertThat(instances.get(0).getDoubles(Tag.NUMERIC_VALUE)).containsExactly(1.5, -2.25);
        assertThat(instances.get(1).getInt(Tag.SEGMENT_NUMBER, -1)).isEqualTo(3);
        assertThat(back.getSequence(Tag.ANATOMIC_REGION_SEQUENCE)).isEmpty();
        assertThat(back.getSequence(Tag.CONTENT_SEQUENCE)).hasSize(1);
        assertThat(back.getSequence(Tag.CONTENT_SEQUENCE).get(0).size()).isZero();
        assertThat(back.getDoubles(Tag.PIXEL_SPACING)).containsExactly(0.48828125, 0.48828125);
        assertThat(back.getDouble(Tag.SLICE_THICKNESS, 0))
                .isCloseTo(1.0 / 3.0, Offset.offset(1e-12));
        assertThat(back.getString(Tag.TEXT_VALUE, null)).isEqualTo("odd");
        assertThat(back.getString(Tag.PATIENT_NAME, null)).isEqualTo("Phantom^Test");
        assertThat(back.getInt(Tag.INSTANCE_NUMBER, 0)).isEqualTo(7);
    }

    @Test
    void metaGroupIsComplete() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {1});
        byte[] bytes = DicomWriter.write(ds);
        assertThat(new String(bytes, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        DicomFile file = DicomReader.read(bytes);
        DicomDataset meta = file.meta();
        int groupLength = meta.getInt(Tag.FILE_META_INFORMATION_GROUP_LENGTH, -1);
        int afterGroupLength = 132 + 12;
        assertThat(
                        ByteBuffer.wrap(bytes, afterGroupLength + groupLength, 4)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .getShort())
                .isEqualTo((short) 0x0008);
        assertThat(meta.getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, null))
                .isEqualTo(TestImages.CT_IMAGE_STORAGE);
        assertThat(meta.getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, null))
                .isEqualTo("2.25.1234567890123456789");
        assertThat(meta.getString(Tag.TRANSFER_SYNTAX_UID, null)).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(meta.getString(Tag.IMPLEMENTATION_CLASS_UID, null))
                .isEqualTo(DicomWriter.IMPLEMENTATION_CLASS_UID);
        assertThat(meta.getString(Tag.IMPLEMENTATION_VERSION_NAME, null))
                .isEqualTo(DicomWriter.IMPLEMENTATION_VERSION_NAME);
        assertThat(meta.getBytes(Tag.FILE_META_INFORMATION_VERSION)).containsExactly(0, 1);
    }

    @Test
    void deflatedRoundTrip() {
        DicomDataset ds = TestImages.image(8, 8, 1, 1, 16, 0);
        ds.putShorts(Tag.PIXEL_DATA, new short[64]);
        ds.addItem(Tag.SOURCE_IMAGE_SEQUENCE)
                .putString(Tag.REFERENCED_SOP_INSTANCE_UID, VR.UI, "2.25.5");
        DicomFile file =
                DicomReader.read(
                        DicomWriter.write(
                                ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        assertThat(file.transferSyntax())
                .isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertSameTags(ds, file.dataset());
        assertThat(file.image().frame(0)).hasSize(64).containsOnly(0f);
    }

    @Test
    void rawImplicitDatasetWithoutPreamble() {
        DicomDataset ds = TestImages.image(1, 2, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {5, 6});
        byte[] part10 = DicomWriter.write(ds);
        int groupLength = ByteBuffer.wrap(part10, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] explicitRaw = Arrays.copyOfRange(part10, 144 + groupLength, part10.length);
        DicomFile file = DicomReader.read(explicitRaw);
        assertThat(file.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(file.image().frame(0)).containsExactly(5f, 6f);
        assertThat(file.dataset().getString(Tag.SOP_INSTANCE_UID, null))
                .isEqualTo("2.25.1234567890123456789");

        byte[] implicitRaw = implicitLittleEndian(file.dataset());
        DicomFile implicit = DicomReader.read(implicitRaw);
        assertThat(implicit.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(implicit.image().frame(0)).containsExactly(5f, 6f);
        assertThat(implicit.dataset().getInt(Tag.ROWS, 0)).isEqualTo(1);
        assertThat(implicit.dataset().getString(Tag.MODALITY, null)).isEqualTo("CT");
    }

    @Test
    void unknownVrOfUndefinedLengthIsReadAsImplicitSequence() {
        DicomDataset ds = TestImages.image(1, 1, 1, 1, 8, 0);
        ds.putBytes(Tag.PIXEL_DATA, VR.OB, new byte[] {9});
        byte[] file = DicomWriter.write(ds);
        // insert (0009,1001) UN, undefined length: one item holding (0008,0104) in implicit VR,
        // then delimiters
        ByteBuffer un = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        un.putShort((short) 0x0009)
                .putShort((short) 0x1001)
                .put((byte) 'U')
                .put((byte) 'N')
                .putShort((short) 0)
                .putInt(-1);
        un.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        un.putShort((short) 0x0008).putShort((short) 0x0104).putInt(4).put("abc ".getBytes());
        un.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
        un.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        int at = RobustnessTest.indexOf(file, new byte[] {0x10, 0x00, 0x10, 0x00, 'P', 'N'});
        byte[] patched = new byte[file.length + un.position()];
        System.arraycopy(file, 0, patched, 0, at);
        System.arraycopy(un.array(), 0, patched, at, un.position());
        System.arraycopy(file, at, patched, at + un.position(), file.length - at);
        DicomFile read = DicomReader.read(patched);
        List<DicomDataset> items = read.dataset().getSequence(Tag.of(0x0009, 0x1001));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).getString(Tag.CODE_MEANING, null)).isEqualTo("abc");
        assertThat(items.get(0).element(Tag.CODE_MEANING).vr()).isEqualTo(VR.LO);
        assertThat(read.image().frame(0)).containsExactly(9f);
    }

    static byte[] implicitLittleEndian(DicomDataset ds) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (DicomElement e : ds.elements()) {
            byte[] v = e.bytes();
            int len = v.length + (v.length & 1);
            b.putShort((short) (e.tag() >>> 16)).putShort((short) e.tag()).putInt(len).put(v);
            if ((v.length & 1) != 0) {
                b.put(e.vr().padding());
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static void assertSameTags(DicomDataset expected, DicomDataset actual) {
        assertThat(actual.elements().stream().map(DicomElement::tag).toList())
                .containsExactlyElementsOf(
                        expected.elements().stream().map(DicomElement::tag).toList());
        for (DicomElement e : expected.elements()) {
            DicomElement a = actual.element(e.tag());
            assertThat(a.vr()).as(Tag.toString(e.tag())).isEqualTo(e.vr());
            if (e.isSequence()) {
                assertThat(a.items()).hasSameSizeAs(e.items());
                for (int i = 0; i < e.items().size(); i++) {
                    assertSameTags(e.items().get(i), a.items().get(i));
                }
            } else if (!e.isEncapsulated()) {
                byte[] exp = e.bytes();
                byte[] act = a.bytes();
                assertThat(act.length).isIn(exp.length, exp.length + 1);
                assertThat(Arrays.copyOf(act, exp.length)).as(Tag.toString(e.tag())).isEqualTo(exp);
            }
        }
    }
}
