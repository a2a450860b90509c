package io.medstream.dicom;

import java.util.List;

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
    private final List<String> warnings;

    public DicomFile(
            DicomDataset meta,
            DicomDataset dataset,
            TransferSyntax transferSyntax,
            DicomLimits limits) {
        this(meta, dataset, transferSyntax, limits, List.of());
    }

    /**
     * @param warnings what the reader had to repair to read the file (e.g. a dataset in another VR
     *     encoding than its transfer syntax says), for the reader's user to see
     */
    public DicomFile(
            DicomDataset meta,
            DicomDataset dataset,
            TransferSyntax transferSyntax,
            DicomLimits limits,
            List<String> warnings) {
        this.meta = meta;
        this.dataset = dataset;
        this.transferSyntax = transferSyntax;
        this.limits = limits;
        this.warnings = List.copyOf(warnings);
    }

    /** What the reader repaired to read the file; empty for a conforming file. */
    public List<String> warnings() {
        return warnings;
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
