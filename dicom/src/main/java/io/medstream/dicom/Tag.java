package io.medstream.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * Standard tags used by medstream as {@code int} constants ({@code group << 16 | element}), plus a
 * small dictionary of their keywords and VRs, used to print tags and to type implicit VR elements.
 */
public final class Tag {

    public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
    public static final int FILE_META_INFORMATION_VERSION = 0x00020001;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
    public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;
    public static final int SOURCE_APPLICATION_ENTITY_TITLE = 0x00020016;
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int IMAGE_TYPE = 0x00080008;
    public static final int INSTANCE_CREATION_DATE = 0x00080012;
    public static final int INSTANCE_CREATION_TIME = 0x00080013;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int STUDY_DATE = 0x00080020;
    public static final int SERIES_DATE = 0x00080021;
    public static final int CONTENT_DATE = 0x00080023;
    public static final int STUDY_TIME = 0x00080030;
    public static final int SERIES_TIME = 0x00080031;
    public static final int CONTENT_TIME = 0x00080033;
    public static final int ACCESSION_NUMBER = 0x00080050;
    public static final int MODALITY = 0x00080060;
    public static final int MANUFACTURER = 0x00080070;
    public static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
    public static final int CODE_VALUE = 0x00080100;
    public static final int CODING_SCHEME_DESIGNATOR = 0x00080102;
    public static final int CODE_MEANING = 0x00080104;
    public static final int STUDY_DESCRIPTION = 0x00081030;
    public static final int SERIES_DESCRIPTION = 0x0008103E;
    public static final int REFERENCED_SERIES_SEQUENCE = 0x00081115;
    public static final int REFERENCED_INSTANCE_SEQUENCE = 0x0008114A;
    public static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    public static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
    public static final int DERIVATION_DESCRIPTION = 0x00082111;
    public static final int SOURCE_IMAGE_SEQUENCE = 0x00082112;
    public static final int ANATOMIC_REGION_SEQUENCE = 0x00082218;
    public static final int PATIENT_NAME = 0x00100010;
    public static final int PATIENT_ID = 0x00100020;
    public static final int PATIENT_BIRTH_DATE = 0x00100030;
    public static final int PATIENT_SEX = 0x00100040;
    public static final int PATIENT_AGE = 0x00101010;
    public static final int BODY_PART_EXAMINED = 0x00180015;
    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int KVP = 0x00180060;
    public static final int SPACING_BETWEEN_SLICES = 0x00180088;
    public static final int REPETITION_TIME = 0x00180080;
    public static final int ECHO_TIME = 0x00180081;
    public static final int MAGNETIC_FIELD_STRENGTH = 0x00180087;
    public static final int DEVICE_SERIAL_NUMBER = 0x00181000;
    public static final int SOFTWARE_VERSIONS = 0x00181020;
    public static final int PROTOCOL_NAME = 0x00181030;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int STUDY_ID = 0x00200010;
    public static final int SERIES_NUMBER = 0x00200011;
    public static final int ACQUISITION_NUMBER = 0x00200012;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int IMAGE_POSITION_PATIENT = 0x00200032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
    public static final int POSITION_REFERENCE_INDICATOR = 0x00201040;
    public static final int SLICE_LOCATION = 0x00201041;
    public static final int DIMENSION_ORGANIZATION_SEQUENCE = 0x00209221;
    public static final int DIMENSION_INDEX_SEQUENCE = 0x00209222;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int PLANAR_CONFIGURATION = 0x00280006;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int FRAME_INCREMENT_POINTER = 0x00280009;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int HIGH_BIT = 0x00280102;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int SMALLEST_IMAGE_PIXEL_VALUE = 0x00280106;
    public static final int LARGEST_IMAGE_PIXEL_VALUE = 0x00280107;
    public static final int WINDOW_CENTER = 0x00281050;
    public static final int WINDOW_WIDTH = 0x00281051;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int RESCALE_TYPE = 0x00281054;
    public static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;
    public static final int PIXEL_VALUE_TRANSFORMATION_SEQUENCE = 0x00289145;
    public static final int CONTENT_SEQUENCE = 0x0040A730;
    public static final int CONCEPT_NAME_CODE_SEQUENCE = 0x0040A043;
    public static final int CONCEPT_CODE_SEQUENCE = 0x0040A168;
    public static final int VALUE_TYPE = 0x0040A040;
    public static final int RELATIONSHIP_TYPE = 0x0040A010;
    public static final int TEXT_VALUE = 0x0040A160;
    public static final int CONTINUITY_OF_CONTENT = 0x0040A050;
    public static final int COMPLETION_FLAG = 0x0040A491;
    public static final int VERIFICATION_FLAG = 0x0040A493;
    public static final int MEASURED_VALUE_SEQUENCE = 0x0040A300;
    public static final int NUMERIC_VALUE = 0x0040A30A;
    public static final int MEASUREMENT_UNITS_CODE_SEQUENCE = 0x004008EA;
    public static final int SEGMENT_SEQUENCE = 0x00620002;
    public static final int SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE = 0x00620003;
    public static final int SEGMENT_NUMBER = 0x00620004;
    public static final int SEGMENT_LABEL = 0x00620005;
    public static final int SEGMENT_ALGORITHM_TYPE = 0x00620008;
    public static final int SEGMENTATION_TYPE = 0x00620001;
    public static final int SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE = 0x0062000F;
    public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
    public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;
    public static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
    public static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;
    public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    public static final int PIXEL_DATA = 0x7FE00010;
    public static final int DATA_SET_TRAILING_PADDING = 0xFFFCFFFC;
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<Integer, VR> VRS = new HashMap<>();

    static {
        put(FILE_META_INFORMATION_GROUP_LENGTH, "FileMetaInformationGroupLength", VR.UL);
        put(FILE_META_INFORMATION_VERSION, "FileMetaInformationVersion", VR.OB);
        put(MEDIA_STORAGE_SOP_CLASS_UID, "MediaStorageSOPClassUID", VR.UI);
        put(MEDIA_STORAGE_SOP_INSTANCE_UID, "MediaStorageSOPInstanceUID", VR.UI);
        put(TRANSFER_SYNTAX_UID, "TransferSyntaxUID", VR.UI);
        put(IMPLEMENTATION_CLASS_UID, "ImplementationClassUID", VR.UI);
        put(IMPLEMENTATION_VERSION_NAME, "ImplementationVersionName", VR.SH);
        put(SOURCE_APPLICATION_ENTITY_TITLE, "SourceApplicationEntityTitle", VR.AE);
        put(SPECIFIC_CHARACTER_SET, "SpecificCharacterSet", VR.CS);
        put(IMAGE_TYPE, "ImageType", VR.CS);
        put(INSTANCE_CREATION_DATE, "InstanceCreationDate", VR.DA);
        put(INSTANCE_CREATION_TIME, "InstanceCreationTime", VR.TM);
        put(SOP_CLASS_UID, "SOPClassUID", VR.UI);
        put(SOP_INSTANCE_UID, "SOPInstanceUID", VR.UI);
        put(STUDY_DATE, "StudyDate", VR.DA);
        put(SERIES_DATE, "SeriesDate", VR.DA);
        put(CONTENT_DATE, "ContentDate", VR.DA);
        put(STUDY_TIME, "StudyTime", VR.TM);
        put(SERIES_TIME, "SeriesTime", VR.TM);
        put(CONTENT_TIME, "ContentTime", VR.TM);
        put(ACCESSION_NUMBER, "AccessionNumber", VR.SH);
        put(MODALITY, "Modality", VR.CS);
        put(MANUFACTURER, "Manufacturer", VR.LO);
        put(REFERRING_PHYSICIAN_NAME, "ReferringPhysicianName", VR.PN);
        put(CODE_VALUE, "CodeValue", VR.SH);
        put(CODING_SCHEME_DESIGNATOR, "CodingSchemeDesignator", VR.SH);
        put(CODE_MEANING, "CodeMeaning", VR.LO);
        put(STUDY_DESCRIPTION, "StudyDescription", VR.LO);
        put(SERIES_DESCRIPTION, "SeriesDescription", VR.LO);
        put(REFERENCED_SERIES_SEQUENCE, "ReferencedSeriesSequence", VR.SQ);
        put(REFERENCED_INSTANCE_SEQUENCE, "ReferencedInstanceSequence", VR.SQ);
        put(REFERENCED_SOP_CLASS_UID, "ReferencedSOPClassUID", VR.UI);
        put(REFERENCED_SOP_INSTANCE_UID, "ReferencedSOPInstanceUID", VR.UI);
        put(REFERENCED_SOP_SEQUENCE, "ReferencedSOPSequence", VR.SQ);
        put(DERIVATION_DESCRIPTION, "DerivationDescription", VR.ST);
        put(SOURCE_IMAGE_SEQUENCE, "SourceImageSequence", VR.SQ);
        put(ANATOMIC_REGION_SEQUENCE, "AnatomicRegionSequence", VR.SQ);
        put(PATIENT_NAME, "PatientName", VR.PN);
        put(PATIENT_ID, "PatientID", VR.LO);
        put(PATIENT_BIRTH_DATE, "PatientBirthDate", VR.DA);
        put(PATIENT_SEX, "PatientSex", VR.CS);
        put(PATIENT_AGE, "PatientAge", VR.AS);
        put(BODY_PART_EXAMINED, "BodyPartExamined", VR.CS);
        put(SLICE_THICKNESS, "SliceThickness", VR.DS);
        put(KVP, "KVP", VR.DS);
        put(SPACING_BETWEEN_SLICES, "SpacingBetweenSlices", VR.DS);
        put(REPETITION_TIME, "RepetitionTime", VR.DS);
        put(ECHO_TIME, "EchoTime", VR.DS);
        put(MAGNETIC_FIELD_STRENGTH, "MagneticFieldStrength", VR.DS);
        put(DEVICE_SERIAL_NUMBER, "DeviceSerialNumber", VR.LO);
        put(SOFTWARE_VERSIONS, "SoftwareVersions", VR.LO);
        put(PROTOCOL_NAME, "ProtocolName", VR.LO);
        put(STUDY_INSTANCE_UID, "StudyInstanceUID", VR.UI);
        put(SERIES_INSTANCE_UID, "SeriesInstanceUID", VR.UI);
        put(STUDY_ID, "StudyID", VR.SH);
        put(SERIES_NUMBER, "SeriesNumber", VR.IS);
        put(ACQUISITION_NUMBER, "AcquisitionNumber", VR.IS);
        put(INSTANCE_NUMBER, "InstanceNumber", VR.IS);
        put(IMAGE_POSITION_PATIENT, "ImagePositionPatient", VR.DS);
        put(IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient", VR.DS);
        put(FRAME_OF_REFERENCE_UID, "FrameOfReferenceUID", VR.UI);
        put(POSITION_REFERENCE_INDICATOR, "PositionReferenceIndicator", VR.LO);
        put(SLICE_LOCATION, "SliceLocation", VR.DS);
        put(DIMENSION_ORGANIZATION_SEQUENCE, "DimensionOrganizationSequence", VR.SQ);
        put(DIMENSION_INDEX_SEQUENCE, "DimensionIndexSequence", VR.SQ);
        put(SAMPLES_PER_PIXEL, "SamplesPerPixel", VR.US);
        put(PHOTOMETRIC_INTERPRETATION, "PhotometricInterpretation", VR.CS);
        put(PLANAR_CONFIGURATION, "PlanarConfiguration", VR.US);
        put(NUMBER_OF_FRAMES, "NumberOfFrames", VR.IS);
        put(FRAME_INCREMENT_POINTER, "FrameIncrementPointer", VR.AT);
        put(ROWS, "Rows", VR.US);
        put(COLUMNS, "Columns", VR.US);
        put(PIXEL_SPACING, "PixelSpacing", VR.DS);
        put(BITS_ALLOCATED, "BitsAllocated", VR.US);
        put(BITS_STORED, "BitsStored", VR.US);
        put(HIGH_BIT, "HighBit", VR.US);
        put(PIXEL_REPRESENTATION, "PixelRepresentation", VR.US);
        put(SMALLEST_IMAGE_PIXEL_VALUE, "SmallestImagePixelValue", VR.US);
        put(LARGEST_IMAGE_PIXEL_VALUE, "LargestImagePixelValue", VR.US);
        put(WINDOW_CENTER, "WindowCenter", VR.DS);
        put(WINDOW_WIDTH, "WindowWidth", VR.DS);
        put(RESCALE_INTERCEPT, "RescaleIntercept", VR.DS);
        put(RESCALE_SLOPE, "RescaleSlope", VR.DS);
        put(RESCALE_TYPE, "RescaleType", VR.LO);
        put(LOSSY_IMAGE_COMPRESSION, "LossyImageCompression", VR.CS);
        put(PIXEL_VALUE_TRANSFORMATION_SEQUENCE, "PixelValueTransformationSequence", VR.SQ);
        put(CONTENT_SEQUENCE, "ContentSequence", VR.SQ);
        put(CONCEPT_NAME_CODE_SEQUENCE, "ConceptNameCodeSequence", VR.SQ);
        put(CONCEPT_CODE_SEQUENCE, "ConceptCodeSequence", VR.SQ);
        put(VALUE_TYPE, "ValueType", VR.CS);
        put(RELATIONSHIP_TYPE, "RelationshipType", VR.CS);
        put(TEXT_VALUE, "TextValue", VR.UT);
        put(CONTINUITY_OF_CONTENT, "ContinuityOfContent", VR.CS);
        put(COMPLETION_FLAG, "CompletionFlag", VR.CS);
        put(VERIFICATION_FLAG, "VerificationFlag", VR.CS);
        put(MEASURED_VALUE_SEQUENCE, "MeasuredValueSequence", VR.SQ);
        put(NUMERIC_VALUE, "NumericValue", VR.DS);
        put(MEASUREMENT_UNITS_CODE_SEQUENCE, "MeasurementUnitsCodeSequence", VR.SQ);
        put(SEGMENT_SEQUENCE, "SegmentSequence", VR.SQ);
        put(
                SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE,
                "SegmentedPropertyCategoryCodeSequence",
                VR.SQ);
        put(SEGMENT_NUMBER, "SegmentNumber", VR.US);
        put(SEGMENT_LABEL, "SegmentLabel", VR.LO);
        put(SEGMENT_ALGORITHM_TYPE, "SegmentAlgorithmType", VR.CS);
        put(SEGMENTATION_TYPE, "SegmentationType", VR.CS);
        put(SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE, "SegmentedPropertyTypeCodeSequence", VR.SQ);
        put(SHARED_FUNCTIONAL_GROUPS_SEQUENCE, "SharedFunctionalGroupsSequence", VR.SQ);
        put(PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, "PerFrameFunctionalGroupsSequence", VR.SQ);
        put(EXTENDED_OFFSET_TABLE, "ExtendedOffsetTable", VR.OV);
        put(EXTENDED_OFFSET_TABLE_LENGTHS, "ExtendedOffsetTableLengths", VR.OV);
        put(FLOAT_PIXEL_DATA, "FloatPixelData", VR.OF);
        put(DOUBLE_FLOAT_PIXEL_DATA, "DoubleFloatPixelData", VR.OD);
        put(PIXEL_DATA, "PixelData", VR.OW);
        put(DATA_SET_TRAILING_PADDING, "DataSetTrailingPadding", VR.OB);
        put(ITEM, "Item", null);
        put(ITEM_DELIMITATION_ITEM, "ItemDelimitationItem", null);
        put(SEQUENCE_DELIMITATION_ITEM, "SequenceDelimitationItem", null);
    }

    private Tag() {}

    private static void put(int tag, String name, VR vr) {
        NAMES.put(tag, name);
        if (vr != null) {
            VRS.put(tag, vr);
        }
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** {@code (gggg,eeee)} followed by the keyword when the tag is in the dictionary. */
    public static String toString(int tag) {
        String hex = String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
        String name = NAMES.get(tag);
        return name == null ? hex : hex + " " + name;
    }

    /** The keyword of a dictionary tag, or {@code null}. */
    public static String keyword(int tag) {
        return NAMES.get(tag);
    }

    /**
     * The VR used for {@code tag} in implicit VR encodings: the dictionary VR, UL for group
     * lengths, LO for private creators, otherwise UN.
     */
    public static VR implicitVr(int tag) {
        VR vr = VRS.get(tag);
        if (vr != null) {
            return vr;
        }
        int element = tag & 0xFFFF;
        if (element == 0) {
            return VR.UL;
        }
        if ((tag & 0x10000) != 0 && element >= 0x10 && element <= 0xFF) {
            return VR.LO;
        }
        return VR.UN;
    }
}
