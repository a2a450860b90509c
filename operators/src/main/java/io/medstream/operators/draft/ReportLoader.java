package io.medstream.operators.draft;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.common.ShippedModels;
import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.report.io.Checkpoints;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.io.ModelCard;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.models.report.serving.SeriesReporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads drafter versions for the draft stage. A version's URI is the drafter's weight file ({@value
 * Checkpoints#WEIGHTS}); its folder holds the config, the vocabulary and a {@code calibration.json}
 * fitted for that drafter with the serving scorer. The scorer is the shipped one (swapping the
 * scorer is not supported: every calibration depends on it).
 */
public final class ReportLoader implements ModelLoader<ReportModelBundle> {
    private final Path scorerDir;

    public ReportLoader(Path scorerDir) {
        this.scorerDir = scorerDir;
    }

    /** A loader that scores with the shipped visual scorer. */
    public static ReportLoader shipped() throws IOException {
        return new ReportLoader(ShippedModels.reportRoot().resolve(ReportModelBundle.SCORER));
    }

    /**
     * The shipped base drafter as a version: name, version and weight checksum from its model card
     * (the slot checks the checksum against the file, and {@link #load} the calibration, when the
     * version is loaded).
     */
    public static ModelVersion shippedVersion() throws IOException {
        Path base = ShippedModels.reportRoot().resolve(DrafterVersions.BASE);
        ModelCard card = ModelCard.read(base);
        return new ModelVersion(
                card.name(),
                card.version(),
                base.resolve(Checkpoints.WEIGHTS).toUri().toString(),
                card.weightsSha256());
    }

    @Override
    public ReportModelBundle load(ModelVersion version) throws Exception {
        return ReportModelBundle.load(version.localPath().toAbsolutePath().getParent(), scorerDir);
    }

    /** Greedy report of a 64×64 two-disc image: it must produce at least one sentence. */
    @Override
    public void smokeTest(ReportModelBundle bundle) {
        int n = 64;
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            int y = i / n;
            int x = i % n;
            v[i] = (x - 32) * (x - 32) + (y - 32) * (y - 32) < 400 ? 40.0 : -1000.0;
        }
        var draft =
                new SeriesReporter(bundle)
                        .draft(
                                List.of(
                                        new ScanImage(
                                                v, n, n, "CT", null, false, null, "1.2.3", 1, 0)),
                                true,
                                "smoke",
                                "smoke");
        if (draft.report().sentences().isEmpty()) {
            throw new IllegalStateException("the drafter produced no sentence for the smoke image");
        }
    }
}
