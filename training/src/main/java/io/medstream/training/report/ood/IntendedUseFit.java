package io.medstream.training.report.ood;

import io.medstream.models.intendeduse.ImageDescriptor;
import io.medstream.models.intendeduse.IntendedUse;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.intendeduse.OodDetector;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.phantom.PhantomConfig;
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

    /** SAM-UNet's training data seed (its card's dataSeed). */
    public static final long SAM_UNET_TRAIN_SEED = 1000L;

    /** SAM-UNet's checkpoint-selection seed (its card's checkpointSelection). */
    public static final long SAM_UNET_VALIDATION_SEED = 11L;

    /** What the shipped SAM-UNet learned from: the default {@link PhantomConfig}. */
    public static final IntendedUse SAM_UNET =
            new IntendedUse(
                    "segmenting organs and lesions on single axial CT and MR slices of synthetic"
                            + " abdomen and chest phantoms (medstream's phantom generator); box"
                            + " prompts drawn by a person may be used on other images, automatic"
                            + " mode only on these",
                    "synthetic phantoms",
                    List.of("CT", "MR"),
                    List.of("ABDOMEN", "CHEST"),
                    PhantomConfig.defaults().pixelSpacingMinMm(),
                    PhantomConfig.defaults().pixelSpacingMaxMm(),
                    true);

    private IntendedUseFit() {}

    /** The shipped fit of the report models: {@value #TRAIN_COUNT} + {@value #VALIDATION_COUNT}. */
    public static IntendedUseGate fit(TrainingProgress progress) {
        return fit(TRAIN_COUNT, VALIDATION_COUNT, PERCENTILE, SHRINKAGE, progress);
    }

    /** The report models' fit on {@link StudyImages}' phantoms and seeds. */
    public static IntendedUseGate fit(
            int trainCount,
            int validationCount,
            double percentile,
            double shrinkage,
            TrainingProgress progress) {
        return fit(
                REPORT_MODELS,
                StudyImages.PHANTOM_CONFIG,
                StudyImages.TRAIN_SEED,
                StudyImages.VALIDATION_SEED,
                trainCount,
                validationCount,
                percentile,
                shrinkage,
                progress);
    }

    /** SAM-UNet's fit on the default phantoms and its seeds. */
    public static IntendedUseGate fitSamUnet(
            int trainCount,
            int validationCount,
            double percentile,
            double shrinkage,
            TrainingProgress progress) {
        return fit(
                SAM_UNET,
                PhantomConfig.defaults(),
                SAM_UNET_TRAIN_SEED,
                SAM_UNET_VALIDATION_SEED,
                trainCount,
                validationCount,
                percentile,
                shrinkage,
                progress);
    }

    /**
     * Fits a detector on phantoms {@code 0 .. trainCount−1} of {@code trainSeed} and puts its
     * threshold on phantoms of {@code validationSeed}.
     */
    public static IntendedUseGate fit(
            IntendedUse use,
            PhantomConfig config,
            long trainSeed,
            long validationSeed,
            int trainCount,
            int validationCount,
            double percentile,
            double shrinkage,
            TrainingProgress progress) {
        List<double[]> train =
                descriptors(config, trainSeed, trainCount, "train phantoms", progress);
        List<double[]> validation =
                descriptors(
                        config, validationSeed, validationCount, "validation phantoms", progress);
        OodDetector detector =
                OodDetector.fit(
                        train, validation, percentile, shrinkage, trainSeed, validationSeed);
        return new IntendedUseGate(use, detector);
    }

    /** Descriptors of {@link StudyImages} phantoms {@code 0 .. count−1} of a seed. */
    public static List<double[]> descriptors(
            long seed, int count, String phase, TrainingProgress progress) {
        return descriptors(StudyImages.PHANTOM_CONFIG, seed, count, phase, progress);
    }

    /** Descriptors of phantoms {@code 0 .. count−1} of a seed, as the drafter sees them. */
    public static List<double[]> descriptors(
            PhantomConfig config, long seed, int count, String phase, TrainingProgress progress) {
        PhantomGenerator gen = new PhantomGenerator(config);
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ImageDescriptor.of(gen.generate(seed, i).image()));
            if ((i + 1) % 50 == 0 || i + 1 == count) {
                progress.update(phase, i + 1, count, Double.NaN);
            }
        }
        return out;
    }
}
