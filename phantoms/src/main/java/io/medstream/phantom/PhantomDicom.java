package io.medstream.phantom;

import io.medstream.dicom.DicomDataset;
import io.medstream.dicom.DicomWriter;
import io.medstream.dicom.Tag;
import io.medstream.dicom.VR;
import io.medstream.models.vocabulary.Modality;

import java.util.Locale;

/**
 * Turns a {@link PhantomSlice} into a DICOM CT or MR Image Storage instance (explicit VR little
 * endian), so phantoms travel through exactly the same path as scans from a hospital. Every value
 * comes from the slice; nothing depends on the clock, so the same slice always gives the same
 * bytes.
 */
public final class PhantomDicom {
    /** CT Image Storage. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    /** MR Image Storage. */
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    private PhantomDicom() {}

    public static byte[] encode(PhantomSlice slice) {
        return DicomWriter.write(dataset(slice));
    }

    public static DicomDataset dataset(PhantomSlice s) {
        boolean ct = s.modality() == Modality.CT;
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 100");
        ds.putString(Tag.IMAGE_TYPE, VR.CS, "DERIVED", "SECONDARY", "AXIAL");
        ds.putString(Tag.SOP_CLASS_UID, VR.UI, ct ? CT_IMAGE_STORAGE : MR_IMAGE_STORAGE);
        ds.putString(Tag.SOP_INSTANCE_UID, VR.UI, s.sopInstanceUid());
        ds.putString(Tag.STUDY_DATE, VR.DA, "20260101");
        ds.putString(Tag.STUDY_TIME, VR.TM, "000000");
        ds.putString(Tag.MODALITY, VR.CS, s.modality().name());
        ds.putString(Tag.MANUFACTURER, VR.LO, "medstream phantom generator");
        ds.putString(Tag.SERIES_DESCRIPTION, VR.LO, "Synthetic phantom - not for clinical use");
        ds.putString(Tag.PATIENT_NAME, VR.PN, "PHANTOM^" + s.patientId());
        ds.putString(Tag.PATIENT_ID, VR.LO, s.patientId());
        ds.putString(Tag.BODY_PART_EXAMINED, VR.CS, s.bodyPart());
        ds.putString(Tag.SLICE_THICKNESS, VR.DS, ds(s.sliceThicknessMm()));
        ds.putString(Tag.STUDY_INSTANCE_UID, VR.UI, s.studyInstanceUid());
        ds.putString(Tag.SERIES_INSTANCE_UID, VR.UI, s.seriesInstanceUid());
        ds.putString(Tag.SERIES_NUMBER, VR.IS, "1");
        ds.putString(Tag.INSTANCE_NUMBER, VR.IS, Integer.toString(s.instanceNumber()));
        ds.putString(Tag.IMAGE_POSITION_PATIENT, VR.DS, "0", "0", ds(s.sliceLocationMm()));
        ds.putString(Tag.IMAGE_ORIENTATION_PATIENT, VR.DS, "1", "0", "0", "0", "1", "0");
        ds.putString(Tag.FRAME_OF_REFERENCE_UID, VR.UI, s.frameOfReferenceUid());
        ds.putString(Tag.SLICE_LOCATION, VR.DS, ds(s.sliceLocationMm()));
        ds.putInt(Tag.SAMPLES_PER_PIXEL, VR.US, 1);
        ds.putString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
        ds.putInt(Tag.ROWS, VR.US, s.rows());
        ds.putInt(Tag.COLUMNS, VR.US, s.columns());
        ds.putString(Tag.PIXEL_SPACING, VR.DS, ds(s.pixelSpacingMm()), ds(s.pixelSpacingMm()));
        ds.putInt(Tag.BITS_ALLOCATED, VR.US, 16);
        ds.putInt(Tag.BITS_STORED, VR.US, PhantomSlice.BITS_STORED);
        ds.putInt(Tag.HIGH_BIT, VR.US, PhantomSlice.BITS_STORED - 1);
        ds.putInt(Tag.PIXEL_REPRESENTATION, VR.US, s.pixelRepresentation());
        ds.putString(Tag.WINDOW_CENTER, VR.DS, ds(s.windowCenter()));
        ds.putString(Tag.WINDOW_WIDTH, VR.DS, ds(s.windowWidth()));
        ds.putString(Tag.RESCALE_INTERCEPT, VR.DS, ds(s.rescaleIntercept()));
        ds.putString(Tag.RESCALE_SLOPE, VR.DS, ds(s.rescaleSlope()));
        if (ct) {
            ds.putString(Tag.RESCALE_TYPE, VR.LO, "HU");
        }
        ds.putShorts(Tag.PIXEL_DATA, s.storedPixels());
        return ds;
    }

    /** DS values: at most 16 characters, no exponent for the ranges used here. */
    private static String ds(double v) {
        String s =
                String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.length() > 16 ? s.substring(0, 16) : s;
    }
}
