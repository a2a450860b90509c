package io.medstream.models.samunet.inference;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.samunet.SamUnetVariant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native memory does not grow over 1,000 predictions (tiny variant): 100 calls × 10 box prompts
 * after a warm-up. Checked two ways: no NDArray is left in the model's manager (exact), and the
 * process RSS ({@code VmRSS} from /proc/self/status) grows by less than 64 MiB — a leak of one
 * 64×64 logit map per prediction would already exceed the array check, and a leak of the per-image
 * cache (≈ 0.4 MB for tiny) would add ≈ 40 MB per 100 calls on top of allocator noise.
 */
class NativeMemoryTest {

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /**
     * Resident memory outside the Java heap: RSS minus the heap the JVM has committed. In a long
     * test JVM the heap itself grows while earlier tests' garbage is collected, which says nothing
     * about libtorch's memory.
     */
    static long nativeKb() throws IOException {
        System.gc();
        return rssKb() - Runtime.getRuntime().totalMemory() / 1024;
    }

    @Test
    void thousandPredictionsDoNotGrowNativeMemory() throws IOException {
        try (SamUnetPredictor seg = SamUnetPredictor.fresh(SamUnetVariant.TINY, 3)) {
            int rows = 64;
            int cols = 64;
            double[] v = SamUnetPredictorTest.image(rows, cols, 9);
            ScanImage image =
                    new ScanImage(
                            v,
                            rows,
                            cols,
                            "CT",
                            new DisplayWindow(40, 400),
                            false,
                            null,
                            null,
                            null,
                            0);
            List<SegmentationPrompt> prompts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                prompts.add(SegmentationPrompt.box(i, i, 40 + i, 50));
            }
            for (int i = 0; i < 20; i++) {
                seg.predict(image, prompts);
            }
            int arraysBefore = seg.parameters().getManagedArrays().size();
            long before = nativeKb();
            long peakGrowth = 0;
            for (int i = 0; i < 100; i++) {
                List<SegmentationOutput> out = seg.predict(image, prompts);
                assertThat(out).hasSize(10);
                if (i % 10 == 9) {
                    peakGrowth = Math.max(peakGrowth, nativeKb() - before);
                }
            }
            long after = nativeKb();
            assertThat(seg.parameters().getManagedArrays().size()).isEqualTo(arraysBefore);
            assertThat(after - before)
                    .as("native (RSS minus Java heap) growth in KiB over 1,000 predictions")
                    .isLessThan(64 * 1024);
            System.out.printf(
                    "NativeMemoryTest: RSS %d → %d KiB (peak growth %d KiB), arrays %d%n",
                    before, after, peakGrowth, arraysBefore);
        }
    }
}
