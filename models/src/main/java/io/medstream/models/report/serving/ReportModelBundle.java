package io.medstream.models.report.serving;

import io.medstream.models.common.ShippedModels;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.report.calibration.ModelCalibration;
import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.models.report.csr.SentenceScorer;
import io.medstream.models.report.drafter.SmallDrafter;
import io.medstream.models.report.drafter.VisionLanguageModel;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.scorer.VisualScorer;
import io.medstream.schemas.ModelRef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the draft stage needs to report on images: the drafter, the visual scorer and the
 * drafter's confidence calibration, with their {@link ModelRef}s (name, version, sha256 of the
 * weight file).
 *
 * <p>The CSR-mode calibration is required (CSR search is the serving default); the greedy-mode one
 * is optional and only needed for greedy drafting. Both must have been fitted for exactly these
 * drafter and scorer weights (sha256), otherwise the confidences would be uncalibrated numbers that
 * look like probabilities.
 *
 * <p>Not thread-safe for concurrent drafting (the DJL models are shared); a Flink operator holds
 * one bundle per parallel instance.
 */
public final class ReportModelBundle implements AutoCloseable {
    /**
     * Folder of the serving scorer under a model root (beside {@code base/} and {@code dpo<t>/}).
     */
    public static final String SCORER = "scorer";

    private final VisionLanguageModel drafter;
    private final SentenceScorer scorer;
    private final ModelCalibration csrCalibration;
    private final ModelCalibration greedyCalibration;
    private final IntendedUseGate intendedUse;

    /**
     * @param drafter the drafter; closed with the bundle
     * @param scorer the visual scorer; closed with the bundle when it is {@link AutoCloseable}
     * @param csrCalibration CSR-mode calibration of this drafter with this scorer
     * @param greedyCalibration greedy-mode calibration, nullable
     * @throws IllegalStateException when a calibration was fitted for other weights or for another
     *     mode
     */
    public ReportModelBundle(
            VisionLanguageModel drafter,
            SentenceScorer scorer,
            ModelCalibration csrCalibration,
            ModelCalibration greedyCalibration)
            throws IOException {
        this(drafter, scorer, csrCalibration, greedyCalibration, shippedIntendedUse());
    }

    /**
     * @param intendedUse what the drafter was trained for and its out-of-distribution detector
     */
    public ReportModelBundle(
            VisionLanguageModel drafter,
            SentenceScorer scorer,
            ModelCalibration csrCalibration,
            ModelCalibration greedyCalibration,
            IntendedUseGate intendedUse) {
        this.intendedUse = Objects.requireNonNull(intendedUse, "intendedUse");
        this.drafter = Objects.requireNonNull(drafter, "drafter");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.csrCalibration = check(csrCalibration, ModelCalibration.CSR, drafter, scorer);
        this.greedyCalibration =
                greedyCalibration == null
                        ? null
                        : check(greedyCalibration, ModelCalibration.GREEDY, drafter, scorer);
    }

    /**
     * The shipped base drafter, scorer and the base drafter's calibration ({@code
     * /report/base/calibration.json}).
     */
    public static ReportModelBundle shipped() throws IOException {
        Path root = ShippedModels.reportRoot();
        return load(root.resolve(DrafterVersions.BASE), root.resolve(SCORER));
    }

    /**
     * Loads a drafter checkpoint, a scorer checkpoint and {@code drafterDir/calibration.json}.
     *
     * @throws IllegalStateException when the calibration file or its CSR entry is missing, or an
     *     entry was fitted for other weights (sha256); the models are closed before it is thrown
     */
    public static ReportModelBundle load(Path drafterDir, Path scorerDir) throws IOException {
        SmallDrafter drafter = SmallDrafter.load(drafterDir);
        VisualScorer scorer = null;
        try {
            scorer = VisualScorer.load(scorerDir);
            String d = drafter.modelRef().getSha256();
            String s = scorer.modelRef().getSha256();
            ModelCalibration csr = ModelCalibration.require(drafterDir, ModelCalibration.CSR, d, s);
            Optional<ModelCalibration> greedy =
                    ModelCalibration.read(drafterDir, ModelCalibration.GREEDY);
            if (greedy.isPresent()) {
                greedy.get().checkFor(d, s, drafterDir.resolve(ModelCalibration.FILE).toString());
            }
            IntendedUseGate gate = IntendedUseGate.read(drafterDir).orElse(null);
            if (gate == null) {
                // Every drafter this project trains (report train, report dpo) learns from the
                // same phantom generator as the shipped base, so a folder without its own
                // declaration inherits the base's: a drafter is never served without one.
                gate = shippedIntendedUse();
            }
            return new ReportModelBundle(drafter, scorer, csr, greedy.orElse(null), gate);
        } catch (IOException | RuntimeException e) {
            drafter.close();
            if (scorer != null) {
                scorer.close();
            }
            throw e;
        }
    }

    private static ModelCalibration check(
            ModelCalibration c, String mode, VisionLanguageModel drafter, SentenceScorer scorer) {
        Objects.requireNonNull(c, mode + " calibration");
        if (!c.mode().equals(mode)) {
            throw new IllegalStateException(
                    "expected a '" + mode + "' calibration, got '" + c.mode() + "'");
        }
        c.checkFor(drafter.modelRef().getSha256(), scorer.modelRef().getSha256(), "the bundle");
        return c;
    }

    /** What the drafter was trained for, and its out-of-distribution detector. */
    public IntendedUseGate intendedUse() {
        return intendedUse;
    }

    /** The intended use shipped with the base drafter ({@code /report/base/intended-use.json}). */
    public static IntendedUseGate shippedIntendedUse() throws IOException {
        Path base = ShippedModels.reportRoot().resolve(DrafterVersions.BASE);
        return IntendedUseGate.read(base)
                .orElseThrow(
                        () ->
                                new IOException(
                                        "the shipped base drafter has no " + IntendedUseGate.FILE));
    }

    public VisionLanguageModel drafter() {
        return drafter;
    }

    public SentenceScorer scorer() {
        return scorer;
    }

    /** The CSR-mode confidence mapping. */
    public PlattCalibrator calibrator() {
        return csrCalibration.calibrator();
    }

    /**
     * The confidence mapping of a decoding mode; empty for greedy when no greedy calibration was
     * fitted.
     */
    public Optional<PlattCalibrator> calibrator(boolean csr) {
        ModelCalibration c = calibration(csr);
        return c == null ? Optional.empty() : Optional.of(c.calibrator());
    }

    /** The persisted calibration of a mode, null for greedy when there is none. */
    public ModelCalibration calibration(boolean csr) {
        return csr ? csrCalibration : greedyCalibration;
    }

    public ModelRef drafterRef() {
        return drafter.modelRef();
    }

    public ModelRef scorerRef() {
        return scorer.modelRef();
    }

    @Override
    public void close() throws Exception {
        try {
            drafter.close();
        } finally {
            if (scorer instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
