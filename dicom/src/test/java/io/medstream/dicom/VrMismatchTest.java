package io.medstream.dicom;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset written in the other VR encoding than its transfer syntax says (pydicom's {@code
 * SC_rgb_jpeg.dcm} has an implicit-VR dataset under JPEG Baseline): read the way the bytes are
 * written, as pydicom and dcmtk do, with a warning on the file.
 */
class VrMismatchTest {
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OW", "OF", "OD", "OL", "SQ", "UT", "UN", "UC", "UR", "OV");

    @Test
    void anImplicitDatasetUnderAnExplicitTransferSyntaxReadsAsImplicit() throws IOException {
        byte[] implicit =
                Files.readAllBytes(SamplesTest.samplesDir().resolve("implicit_little.dcm"));
        byte[] explicit =
                DicomWriter.write(withPixels(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        byte[] mixed = metaOfFirstDatasetOfSecond(explicit, implicit);

        DicomFile reference = DicomReader.read(implicit);
        DicomFile read = DicomReader.read(mixed);

        assertThat(reference.warnings()).isEmpty();
        assertThat(read.warnings())
                .containsExactly(
                        "the dataset is in implicit VR although transfer syntax 1.2.840.10008.1.2.1"
                                + " says explicit VR; read as implicit VR");
        assertThat(read.image().frame(0)).containsExactly(reference.image().frame(0));
        assertThat(read.dataset().getString(Tag.SOP_INSTANCE_UID, null))
                .isEqualTo(reference.dataset().getString(Tag.SOP_INSTANCE_UID, null))
                .isNotNull();
    }

    @Test
    void anExplicitDatasetUnderTheImplicitTransferSyntaxReadsAsExplicit() throws IOException {
        byte[] implicit =
                Files.readAllBytes(SamplesTest.samplesDir().resolve("implicit_little.dcm"));
        byte[] explicit =
                DicomWriter.write(withPixels(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        byte[] mixed = metaOfFirstDatasetOfSecond(implicit, explicit);

        DicomFile read = DicomReader.read(mixed);

        assertThat(read.warnings()).singleElement().asString().contains("read as explicit VR");
        assertThat(read.image().frame(0))
                .containsExactly(DicomReader.read(explicit).image().frame(0));
    }

    /** 8 × 8, 16-bit, a ramp 0..63. */
    private static DicomDataset withPixels() {
        DicomDataset ds = TestImages.image(8, 8, 1, 1, 16, 0);
        ByteBuffer px = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            px.putShort((short) i);
        }
        ds.putBytes(Tag.PIXEL_DATA, VR.OW, px.array());
        return ds;
    }

    /** Offset of the first element after the group-0002 file meta (explicit VR little endian). */
    private static int datasetStart(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while ((b.getShort(p) & 0xFFFF) == 0x0002) {
            String vr = new String(file, p + 4, 2, StandardCharsets.US_ASCII);
            if (LONG_VRS.contains(vr)) {
                p += 12 + b.getInt(p + 8);
            } else {
                p += 8 + (b.getShort(p + 6) & 0xFFFF);
            }
        }
        return p;
    }

    /** The preamble and file meta of {@code meta}, then the dataset of {@code data}. */
    private static byte[] metaOfFirstDatasetOfSecond(byte[] meta, byte[] data) {
        int head = datasetStart(meta);
        int from = datasetStart(data);
        byte[] out = Arrays.copyOf(meta, head + data.length - from);
        System.arraycopy(data, from, out, head, data.length - from);
        return out;
    }
}
