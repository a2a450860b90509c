package io.medstream.phantom;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.Modality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated slice: pixels, the attributes a DICOM writer needs, and the ground truth.
 *
 * <p>Pixels: {@link #storedPixels()} is rows×columns, row-major; modality value = stored·slope +
 * intercept. CT: signed 16-bit, slope 1, intercept −1024, stored = clamp(round(HU) + 1024, 0, 4095)
 * (12 bits stored). MR: unsigned 16-bit, slope 1, intercept 0, stored = clamp(round(value), 0,
 * 4095). Photometric MONOCHROME2.
 *
 * <p>Masks: ordered "body", then the organs in drawing order, then "lesion_1".. in finding order.
 * An organ mask is the organ's visible region (later organs drawn over earlier ones) including its
 * lesions; every mask is inside "body".
 */
public final class PhantomSlice {

    /** Bits stored for both modalities (values are clamped to 0..4095). */
    public static final int BITS_STORED = 12;

    private final long seed;
    private final long seriesIndex;
    private final int sliceIndex;
    private final Modality modality;
    private final BodyRegion region;
    private final int rows;
    private final int columns;
    private final double pixelSpacingMm;
    private final double sliceThicknessMm;
    private final short[] storedPixels;
    private final double windowCenter;
    private final double windowWidth;
    private final Map<String, Mask> masks;
    private final List<LesionFinding> findings;

    PhantomSlice(
            long seed,
            long seriesIndex,
            int sliceIndex,
            Modality modality,
            BodyRegion region,
            int rows,
            int columns,
            double pixelSpacingMm,
            double sliceThicknessMm,
            short[] storedPixels,
            double windowCenter,
            double windowWidth,
            Map<String, Mask> masks,
            List<LesionFinding> findings) {
        this.seed = seed;
        this.seriesIndex = seriesIndex;
        this.sliceIndex = sliceIndex;
        this.modality = modality;
        this.region = region;
        this.rows = rows;
        this.columns = columns;
        this.pixelSpacingMm = pixelSpacingMm;
        this.sliceThicknessMm = sliceThicknessMm;
        this.storedPixels = storedPixels;
        this.windowCenter = windowCenter;
        this.windowWidth = windowWidth;
        this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        this.findings = List.copyOf(findings);
    }

    public long seed() {
        return seed;
    }

    public long seriesIndex() {
        return seriesIndex;
    }

    /** 0-based position in the series. */
    public int sliceIndex() {
        return sliceIndex;
    }

    /** DICOM InstanceNumber (0020,0013): sliceIndex + 1. */
    public int instanceNumber() {
        return sliceIndex + 1;
    }

    public Modality modality() {
        return modality;
    }

    public BodyRegion region() {
        return region;
    }

    /** DICOM BodyPartExamined (0018,0015). */
    public String bodyPart() {
        return region.bodyPart();
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Isotropic in-plane spacing in mm (DICOM PixelSpacing row = column). */
    public double pixelSpacingMm() {
        return pixelSpacingMm;
    }

    public double sliceThicknessMm() {
        return sliceThicknessMm;
    }

    /** SliceLocation / z of ImagePositionPatient in mm: sliceIndex·sliceThickness. */
    public double sliceLocationMm() {
        return sliceIndex * sliceThicknessMm;
    }

    /** Copy of the stored pixel values, rows×columns row-major. */
    public short[] storedPixels() {
        return storedPixels.clone();
    }

    /** DICOM PixelRepresentation: 1 (signed) for CT, 0 (unsigned) for MR. */
    public int pixelRepresentation() {
        return modality == Modality.CT ? 1 : 0;
    }

    public double rescaleSlope() {
        return 1.0;
    }

    public double rescaleIntercept() {
        return modality == Modality.CT ? -1024.0 : 0.0;
    }

    public double windowCenter() {
        return windowCenter;
    }

    public double windowWidth() {
        return windowWidth;
    }

    /** stored·slope + intercept (HU for CT), rows×columns row-major. */
    public double[] modalityValues() {
        double[] out = new double[storedPixels.length];
        double slope = rescaleSlope();
        double intercept = rescaleIntercept();
        for (int i = 0; i < out.length; i++) {
            out[i] = storedPixels[i] * slope + intercept;
        }
        return out;
    }

    /**
     * The slice as the models see it: what {@code ScanImage.fromDicom} reads from its DICOM
     * encoding ({@link PhantomDicom#encode}), without the round trip.
     */
    public ScanImage image() {
        return new ScanImage(
                modalityValues(),
                rows,
                columns,
                modality.name(),
                new DisplayWindow(windowCenter, windowWidth),
                false,
                new PixelSpacingMm(pixelSpacingMm(), pixelSpacingMm()),
                sopInstanceUid(),
                instanceNumber(),
                0);
    }

    /** Ordered structure name → mask (unmodifiable). */
    public Map<String, Mask> masks() {
        return masks;
    }

    /** The mask of one structure; throws when the slice has no such structure. */
    public Mask mask(String name) {
        Mask m = masks.get(name);
        if (m == null) {
            throw new IllegalArgumentException(
                    "no structure '" + name + "' in this slice; have " + masks.keySet());
        }
        return m;
    }

    public List<LesionFinding> findings() {
        return findings;
    }

    /**
     * Synthetic PatientID (0010,0020): "PHANTOM-&lt;seed&gt;-&lt;seriesIndex&gt;" (one patient per
     * series).
     */
    public String patientId() {
        return "PHANTOM-" + seed + "-" + seriesIndex;
    }

    /** StudyInstanceUID, shared by all slices of the series. */
    public String studyInstanceUid() {
        return PhantomUids.uid("study", seed, seriesIndex, -1);
    }

    /** SeriesInstanceUID, shared by all slices of the series. */
    public String seriesInstanceUid() {
        return PhantomUids.uid("series", seed, seriesIndex, -1);
    }

    /** FrameOfReferenceUID, shared by all slices of the series. */
    public String frameOfReferenceUid() {
        return PhantomUids.uid("frame", seed, seriesIndex, -1);
    }

    /** SOPInstanceUID, unique per slice. */
    public String sopInstanceUid() {
        return PhantomUids.uid("sop", seed, seriesIndex, sliceIndex);
    }

    @Override
    public String toString() {
        return "PhantomSlice["
                + patientId()
                + " #"
                + instanceNumber()
                + " "
                + modality
                + " "
                + region
                + " "
                + rows
                + "x"
                + columns
                + " @"
                + pixelSpacingMm
                + "mm, lesions="
                + findings.size()
                + "]";
    }
}
