package io.medstream.models.report.serving;

import io.medstream.models.preprocess.DisplayWindow;
import io.medstream.models.report.drafter.DrafterInput;

import java.util.Objects;

/**
 * One decoded slice of a series, as the streaming job hands it to {@link SeriesReporter}.
 *
 * <p>The {@code values} array is not copied (a 512×512 slice is 2 MB); the caller must not change
 * it while a draft runs. Record equality compares the array by reference.
 *
 * @param sopInstanceUid SOP Instance UID of the slice (the pair's claim check and the sentences
 *     point at it)
 * @param instanceNumber DICOM InstanceNumber (0020,0013), nullable; orders the slices of the merged
 *     report
 * @param values modality values (stored·slope + intercept, HU for CT), rows×cols row-major
 * @param rows image rows, ≥ 1
 * @param cols image columns, ≥ 1
 * @param modality DICOM Modality, e.g. "CT", "MR"; only "CT" gets the second (lung-window) channel
 * @param window display window from the tags, nullable (CT then uses 40/400; other modalities
 *     always use the robust min–max)
 * @param monochrome1 PhotometricInterpretation MONOCHROME1
 */
public record SliceImage(
        String sopInstanceUid,
        Integer instanceNumber,
        double[] values,
        int rows,
        int cols,
        String modality,
        DisplayWindow window,
        boolean monochrome1) {

    public SliceImage {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(values, "values");
        if (rows < 1 || cols < 1 || values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "slice "
                            + sopInstanceUid
                            + ": need rows×cols values, got "
                            + values.length
                            + " for "
                            + rows
                            + "×"
                            + cols);
        }
    }

    /**
     * The drafter's and scorer's input: {@link DrafterInput#of(double[], int, int, String,
     * DisplayWindow, boolean)}.
     */
    public float[] toModelInput() {
        return DrafterInput.of(values, rows, cols, modality, window, monochrome1);
    }
}
