package io.medstream.dicom;

/**
 * The identifying attributes, geometry and first-frame pixel statistics of one DICOM file, as
 * printed by {@code medstream dicom FILE...}. Pixel statistics are over all samples of frame 0
 * after the modality LUT, without MONOCHROME1 inversion.
 */
public record DicomSummary(
        String file,
        int rows,
        int columns,
        int frames,
        String modality,
        String transferSyntaxUid,
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        Integer instanceNumber,
        double pixelMin,
        double pixelMax,
        double pixelMean) {

    /**
     * Parses {@code bytes}, decodes only the first frame and summarises it.
     *
     * @throws DicomException for any malformed, oversized or undecodable input
     */
    public static DicomSummary of(String fileName, byte[] bytes, DicomLimits limits) {
        DicomFile file = DicomReader.read(bytes, limits);
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
        return new DicomSummary(
                fileName,
                image.rows(),
                image.columns(),
                image.frames(),
                ds.getString(Tag.MODALITY, null),
                file.transferSyntax().uid(),
                ds.getString(Tag.SOP_INSTANCE_UID, null),
                ds.getString(Tag.SERIES_INSTANCE_UID, null),
                ds.getString(Tag.STUDY_INSTANCE_UID, null),
                ds.findInt(Tag.INSTANCE_NUMBER).orElse(null),
                min,
                max,
                sum / frame.length);
    }
}
