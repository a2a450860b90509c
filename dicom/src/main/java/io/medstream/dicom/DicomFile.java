package io.medstream.dicom;

/**
 * A parsed DICOM file: the file meta information (group 0002, empty when the input had none), the
 * dataset and the transfer syntax of the dataset, together with the limits it was read under (used
 * again for decoding).
 */
public final class DicomFile {

    private final DicomDataset meta;
    private final DicomDataset dataset;
    private final TransferSyntax transferSyntax;
    private final DicomLimits limits;

    public DicomFile(
            DicomDataset meta,
            DicomDataset dataset,
            TransferSyntax transferSyntax,
            DicomLimits limits) {
        this.meta = meta;
        this.dataset = dataset;
        this.transferSyntax = transferSyntax;
        this.limits = limits;
    }

    public DicomDataset meta() {
        return meta;
    }

    public DicomDataset dataset() {
        return dataset;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    public DicomLimits limits() {
        return limits;
    }

    /**
     * The pixel data as a lazily decoding image (validates geometry and limits now, decodes frames
     * on demand).
     *
     * @throws DicomException MISSING_ATTRIBUTE without Pixel Data, MALFORMED/LIMIT_EXCEEDED for bad
     *     geometry
     */
    public DecodedImage image() {
        return DecodedImage.of(this);
    }
}
