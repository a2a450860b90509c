package io.medstream.training.report.corpus;

import java.util.List;

/**
 * One training/evaluation item: the preprocessed image, its ground truth and its reference report.
 *
 * @param seed phantom generator seed
 * @param index phantom index ({@code PhantomGenerator.generate(seed, index)})
 * @param image {@link StudyImages#CHANNELS}×{@link StudyImages#SIZE}×{@link StudyImages#SIZE}
 *     floats in [0,1], channel-major
 * @param truth modality, region, lesions
 * @param reference reference report sentences rendered from the ground truth
 * @param studyUid StudyInstanceUID of the phantom
 * @param seriesUid SeriesInstanceUID
 * @param sopUid SOPInstanceUID
 */
public record StudyExample(
        long seed,
        int index,
        float[] image,
        StudyTruth truth,
        List<String> reference,
        String studyUid,
        String seriesUid,
        String sopUid) {

    /** The reference report as one text. */
    public String referenceText() {
        return String.join(" ", reference);
    }
}
