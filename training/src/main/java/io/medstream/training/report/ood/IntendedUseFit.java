package io.medstream.training.report.ood;

import io.medstream.models.intendeduse.ImageDescriptor;
import io.medstream.models.intendeduse.IntendedUse;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.intendeduse.OodDetector;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.training.report.corpus.StudyImages;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits the report models' {@link IntendedUseGate}: the declaration of what the drafter and scorer
 * were trained on, and an {@link OodDetector} fitted on the drafter's training phantoms (seed
 * {@link StudyImages#TRAIN_SEED}) with its threshold on validation phantoms (seed {@link
 * StudyImages#VALIDATION_SEED}); the evaluation seed stays unseen.
 */
public final class IntendedUseFit {

    /** Training phantoms in the shipped fit. */
    public static final int TRAIN_COUNT = 3000;

    /** Validation phantoms behind the shipped threshold. */
    public static final int VALIDATION_COUNT = 1000;

    /** Validation percentile of the threshold. */
    public static final double PERCENTILE = 99.5;

    /** Covariance shrinkage towards the scaled identity. */
    public static final double SHRINKAGE = 0.05;

    /** What every drafter this project trains learns from: {@link StudyImages#PHANTOM_CONFIG}. */
    public static final IntendedUse REPORT_MODELS =
            new IntendedUse(
                    "drafting preliminary findings of single axial CT and MR slices of synthetic"
                            + " abdomen and chest phantoms (medstream's phantom generator); it has"
                            + " never seen a patient's scan",
                    "synthetic phantoms",
                    List.of("CT", "MR"),
                    List.of("ABDOMEN", "CHEST"),
                    StudyImages.PHANTOM_CONFIG.pixelSpacingMinMm(),
                    StudyImages.PHANTOM_CONFIG.pixelSpacingMaxMm(),
                    false);

    private IntendedUseFit() {}

    /** The shipped fit: {@value #TRAIN_COUNT} + {@value #VALIDATION_COUNT} phantoms. */
    public static IntendedUseGate fit(TrainingProgress progress) {
        return fit(TRAIN_COUNT, VALIDATION_COUNT, PERCENTILE, SHRINKAGE, progress);
    }

    public static IntendedUseGate fit(
            int trainCount,
            int validationCount,
            double percentile,
            double shrinkage,
            TrainingProgress progress) {
        List<double[]> train =
                descriptors(StudyImages.TRAIN_SEED, trainCount, "train phantoms", progress);
        List<double[]> validation =
                descriptors(
                        StudyImages.VALIDATION_SEED,
                        validationCount,
                        "validation phantoms",
                        progress);
        OodDetector detector =
                OodDetector.fit(
                        train,
                        validation,
                        percentile,
                        shrinkage,
                        StudyImages.TRAIN_SEED,
                        StudyImages.VALIDATION_SEED);
        return new IntendedUseGate(REPORT_MODELS, detector);
    }

    /** Descriptors of phantoms {@code 0 .. count−1} of a seed, as the drafter sees them. */
    public static List<double[]> descriptors(
            long seed, int count, String phase, TrainingProgress progress) {
        PhantomGenerator gen = new PhantomGenerator(StudyImages.PHANTOM_CONFIG);
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ImageDescriptor.of(StudyImages.toInput(gen.generate(seed, i))));
            if ((i + 1) % 50 == 0 || i + 1 == count) {
                progress.update(phase, i + 1, count, Double.NaN);
            }
        }
        return out;
    }
}
