package io.medstream.training.report.corpus;

import io.medstream.models.report.corpus.Organ;
import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.phantom.PhantomSlice;

import java.util.List;

/**
 * What a report is judged against: modality, region and the lesions (organ, contrast, size) of one
 * slice.
 */
public record StudyTruth(Modality modality, BodyRegion region, List<Lesion> lesions) {

    public record Lesion(Organ organ, LesionContrast contrast, double sizeMm) {}

    public StudyTruth {
        lesions = List.copyOf(lesions);
    }

    public static StudyTruth of(PhantomSlice slice) {
        return new StudyTruth(
                slice.modality(),
                slice.region(),
                slice.findings().stream()
                        .map(
                                f ->
                                        new Lesion(
                                                Organ.ofMaskName(f.organ()),
                                                f.contrast(),
                                                f.longestDiameterMm()))
                        .toList());
    }
}
