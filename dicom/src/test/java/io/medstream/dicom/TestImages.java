package io.medstream.dicom;

/** Builders of small synthetic datasets shared by the tests (also of {@code dicom.image}). */
public final class TestImages {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    private TestImages() {}

    /** A dataset with identification and a pixel module, but no Pixel Data. */
    public static DicomDataset image(
            int rows,
            int columns,
            int frames,
            int samplesPerPixel,
            int bitsAllocated,
            int pixelRepresentation) {
        DicomDataset ds = new DicomDataset();
        ds.putString(
                Tag.SOP_CLASS_UID,
                VR.UI,
                samplesPerPixel == 3 ? SECONDARY_CAPTURE : CT_IMAGE_STORAGE);
        ds.putString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.1234567890123456789");
        ds.putString(Tag.STUDY_INSTANCE_UID, VR.UI, "2.25.1111");
        ds.putString(Tag.SERIES_INSTANCE_UID, VR.UI, "2.25.2222");
        ds.putString(Tag.MODALITY, VR.CS, samplesPerPixel == 3 ? "OT" : "CT");
        ds.putString(Tag.PATIENT_NAME, VR.PN, "Phantom^Test");
        ds.putInt(Tag.INSTANCE_NUMBER, VR.IS, 7);
        ds.putInt(Tag.ROWS, VR.US, rows);
        ds.putInt(Tag.COLUMNS, VR.US, columns);
        ds.putInt(Tag.SAMPLES_PER_PIXEL, VR.US, samplesPerPixel);
        ds.putString(
                Tag.PHOTOMETRIC_INTERPRETATION,
                VR.CS,
                samplesPerPixel == 3 ? "RGB" : "MONOCHROME2");
        if (samplesPerPixel == 3) {
            ds.putInt(Tag.PLANAR_CONFIGURATION, VR.US, 0);
        }
        if (frames != 1) {
            ds.putInt(Tag.NUMBER_OF_FRAMES, VR.IS, frames);
        }
        ds.putInt(Tag.BITS_ALLOCATED, VR.US, bitsAllocated);
        ds.putInt(Tag.BITS_STORED, VR.US, bitsAllocated);
        ds.putInt(Tag.HIGH_BIT, VR.US, bitsAllocated - 1);
        ds.putInt(Tag.PIXEL_REPRESENTATION, VR.US, pixelRepresentation);
        return ds;
    }
}
