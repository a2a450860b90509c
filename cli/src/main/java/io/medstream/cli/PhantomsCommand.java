package io.medstream.cli;

import io.medstream.embedded.ScanFeeds;
import io.medstream.phantom.GroundTruthWriter;
import io.medstream.phantom.PhantomConfig;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream phantoms --count N --seed S --out DIR}: synthetic CT/MR slices as DICOM plus
 * their ground truth. Layout: {@code DIR/dicom/<SOPInstanceUID>.dcm} and {@code
 * DIR/truth/<SOPInstanceUID>/{findings.json,masks/*.png}}.
 */
@Command(
        name = "phantoms",
        mixinStandardHelpOptions = true,
        description =
                "Write synthetic CT/MR phantom slices (DICOM) with ground-truth masks (PNG) and findings (JSON).")
public final class PhantomsCommand implements Callable<Integer> {

    @Option(names = "--count", required = true, description = "Number of slices.")
    int count;

    @Option(
            names = "--seed",
            required = true,
            description = "Seed; the same seed gives the same files.")
    long seed;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(
            names = "--series-size",
            defaultValue = "" + ScanFeeds.PHANTOM_SERIES_SIZE,
            description = "Slices per series (default: ${DEFAULT-VALUE}).")
    int seriesSize;

    @Option(
            names = "--size",
            defaultValue = "256",
            description = "Rows and columns (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || seriesSize < 1 || size < 32) {
            System.err.println("--count and --series-size must be >= 1 and --size >= 32");
            return 2;
        }
        PhantomGenerator generator =
                new PhantomGenerator(PhantomConfig.defaults().withSize(size, size));
        Path dicomDir = Files.createDirectories(out.resolve("dicom"));
        Path truthDir = Files.createDirectories(out.resolve("truth"));
        int lesions = 0;
        try (ProgressBar bar =
                new ProgressBarBuilder()
                        .setTaskName("phantoms")
                        .setInitialMax(count)
                        .setStyle(ProgressBarStyle.ASCII)
                        .build()) {
            for (int i = 0; i < count; i++) {
                PhantomSlice slice =
                        generator.generateSeriesSlice(seed, i / seriesSize, i % seriesSize);
                Files.write(
                        dicomDir.resolve(slice.sopInstanceUid() + ".dcm"),
                        PhantomDicom.encode(slice));
                GroundTruthWriter.writeUnder(truthDir, slice);
                lesions += slice.findings().size();
                bar.step();
            }
        }
        System.out.printf(
                "wrote %d slices (%d series, %d lesions) to %s%n",
                count, (count + seriesSize - 1) / seriesSize, lesions, out.toAbsolutePath());
        return 0;
    }
}
