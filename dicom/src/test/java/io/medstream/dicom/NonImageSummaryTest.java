package io.medstream.dicom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A valid DICOM object without pixel data (a structured report here) summarises as its identifiers
 * with null geometry and statistics, instead of failing as a broken image.
 */
class NonImageSummaryTest {

    @Test
    void aStructuredReportPrintsItsIdentifiers() {
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.33"); // Comprehensive SR
        ds.putString(Tag.SOP_INSTANCE_UID, VR.UI, "1.2.3.4.5.6");
        ds.putString(Tag.STUDY_INSTANCE_UID, VR.UI, "1.2.3.4");
        ds.putString(Tag.SERIES_INSTANCE_UID, VR.UI, "1.2.3.4.5");
        ds.putString(Tag.MODALITY, VR.CS, "SR");
        ds.putString(Tag.INSTANCE_NUMBER, VR.IS, "3");
        byte[] bytes = DicomWriter.write(ds);

        DicomSummary s = DicomSummary.ofAny("sr.dcm", bytes, DicomLimits.DEFAULT);

        assertThat(s)
                .isEqualTo(
                        new DicomSummary(
                                "sr.dcm",
                                null,
                                null,
                                null,
                                "SR",
                                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                                "1.2.3.4.5.6",
                                "1.2.3.4.5",
                                "1.2.3.4",
                                3,
                                null,
                                null,
                                null));
        // an image is still required where a scan is expected
        assertThatThrownBy(() -> DicomSummary.of("sr.dcm", bytes, DicomLimits.DEFAULT))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("(7FE0,0010) PixelData");
    }
}
