package io.medstream.training.report.corpus;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.report.drafter.DrafterInput;
import io.medstream.phantom.PhantomConfig;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;

import java.util.ArrayList;
import java.util.List;

/**
 * Phantom slices → model input ({@link DrafterInput}), and the seeded data splits of the report
 * models.
 *
 * <p>Phantoms: {@link #PHANTOM_CONFIG} is the default phantom with lesions of 6–40 mm instead of
 * 3–40 mm: a 3 mm lesion is under one pixel at 64×64, so no model at this input size could report
 * it, and recall would measure the input size rather than the drafter.
 */
public final class StudyImages {

    public static final PhantomConfig PHANTOM_CONFIG =
            PhantomConfig.defaults().withLesionSizeRangeMm(6.0, 40.0);

    /** Training phantoms: generator seed. */
    public static final long TRAIN_SEED = 1001L;

    /** Validation phantoms (calibration fitting, early checks): generator seed. */
    public static final long VALIDATION_SEED = 2002L;

    /** Held-out evaluation phantoms: default generator seed, disjoint from the two above. */
    public static final long TEST_SEED = 3003L;

    private StudyImages() {}

    /** Model input of a phantom slice: {@link DrafterInput#of(ScanImage)} of its image. */
    public static float[] toInput(PhantomSlice slice) {
        return DrafterInput.of(slice.image());
    }

    /**
     * Example {@code index} of generator seed {@code seed}; its reference report's paraphrases are
     * seeded too.
     */
    public static StudyExample example(PhantomGenerator gen, long seed, int index) {
        PhantomSlice s = gen.generate(seed, index);
        List<String> ref =
                ReportRenderer.render(
                        s.modality(), s.region(), s.findings(), seed * 1_000_003L + index);
        return new StudyExample(
                seed,
                index,
                toInput(s),
                StudyTruth.of(s),
                ref,
                s.studyInstanceUid(),
                s.seriesInstanceUid(),
                s.sopInstanceUid());
    }

    /** Examples {@code first .. first+count-1} of seed {@code seed}. */
    public static List<StudyExample> examples(long seed, int first, int count) {
        PhantomGenerator gen = new PhantomGenerator(PHANTOM_CONFIG);
        List<StudyExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(example(gen, seed, first + i));
        }
        return out;
    }
}
