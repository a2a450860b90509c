package io.medstream.dicom;

/**
 * The identifying attributes, geometry and first-frame pixel statistics of one DICOM file, as
 * printed by {@code medstream dicom FILE...}. Pixel statistics are over all samples of frame 0
 * after the modality LUT, without MONOCHROME1 inversion. With {@link #ofAny}, a non-image object
 * (structured report, RT plan, ...: no Pixel Data, Float Pixel Data or Double Float Pixel Data) has
 * its identifiers and null geometry and statistics: it is a valid DICOM file, not a broken image.
 */
public record DicomSummary(
        String file,
        Integer rows,
        Integer columns,
        Integer frames,
        String modality,
        String transferSyntaxUid,
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        Integer instanceNumber,
        Double pixelMin,
        Double pixelMax,
        Double pixelMean) {

    /**
     * Parses {@code bytes}, decodes only the first frame and summarises it.
     *
     * @throws DicomException for any malformed, oversized or undecodable input
     */
    public static DicomSummary of(String fileName, byte[] bytes, DicomLimits limits) {
        return image(fileName, DicomReader.read(bytes, limits));
    }

    /**
     * As {@link #of}, but a file without any pixel data element is summarised as a non-image object
     * (null geometry and statistics) instead of failing; for listing what a folder holds. Ingestion
     * uses {@link #of}'s rule: a scan without pixels is an error there.
     */
    public static DicomSummary ofAny(String fileName, byte[] bytes, DicomLimits limits) {
        DicomFile file = DicomReader.read(bytes, limits);
        DicomDataset ds = file.dataset();
        if (!ds.contains(Tag.PIXEL_DATA)
                && !ds.contains(Tag.FLOAT_PIXEL_DATA)
                && !ds.contains(Tag.DOUBLE_FLOAT_PIXEL_DATA)) {
            return summary(fileName, file, null, null, null, null, null, null);
        }
        return image(fileName, file);
    }

    private static DicomSummary image(String fileName, DicomFile file) {
        DicomDataset ds = file.dataset();
        DecodedImage image = file.image();
        float[] frame = image.frame(0);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : frame) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return summary(
                fileName,
                file,
                image.rows(),
                image.columns(),
                image.frames(),
                min,
                max,
                sum / frame.length);
    }

    /** The identifiers of {@code file} with the given geometry and statistics (null: none). */
    private static DicomSummary summary(
            String fileName,
            DicomFile file,
            Integer rows,
            Integer columns,
            Integer frames,
            Double min,
            Double max,
            Double mean) {
        DicomDataset ds = file.dataset();
        return new DicomSummary(
                fileName,
                rows,
                columns,
                frames,
                ds.getString(Tag.MODALITY, null),
                file.transferSyntax().uid(),
                ds.getString(Tag.SOP_INSTANCE_UID, null),
                ds.getString(Tag.SERIES_INSTANCE_UID, null),
                ds.getString(Tag.STUDY_INSTANCE_UID, null),
                ds.findInt(Tag.INSTANCE_NUMBER).orElse(null),
                min,
                max,
                mean);
    }
}
