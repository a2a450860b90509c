package io.medstream.cli.demo.html;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.medstream.cli.demo.html.DemoPageFixtures.scans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The page in a real browser, opened from the file system: every image loads (which also proves the
 * page's Content-Security-Policy lets its own files through) and the page renders to something that
 * is not blank.
 *
 * <p>Needs {@code chromium} or {@code chromium-browser} on PATH. Without it the test is skipped
 * locally but fails on CI ({@code CI=true}), where {@code .ci/run} installs it: a browser check
 * that silently never runs is worthless.
 */
class DemoPageChromiumTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2000;
    private static final long TIMEOUT_S = 120;
    private static final Pattern BODY = Pattern.compile("<body[^>]*>");

    @TempDir Path tmp;

    private Path chromium;

    @BeforeEach
    void findChromium() {
        Optional<Path> found = onPath("chromium").or(() -> onPath("chromium-browser"));
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(
                    "Neither chromium nor chromium-browser is on PATH, but CI=true: .ci/run should have installed"
                            + " chromium (apt-get install chromium)");
        }
        Assumptions.assumeTrue(
                found.isPresent(),
                "no chromium or chromium-browser on PATH; skipping the browser test");
        chromium = found.get();
    }

    @Test
    void allImagesLoadInHeadlessChromiumAndThePageRenders() throws Exception {
        List<DemoPage.Scan> scans = scans(5, 64, 48);
        List<DemoPage.SeriesReport> reports =
                List.of(
                        new DemoPage.SeriesReport(
                                "series-0",
                                List.of(
                                        new DemoPage.Sentence("No acute findings.", 0.93),
                                        new DemoPage.Sentence("Small <b>nodule</b>?", Double.NaN)),
                                "drafter test"),
                        new DemoPage.SeriesReport(
                                "series-1",
                                List.of(new DemoPage.Sentence("Lesion.", 0.2)),
                                "drafter test"));
        Path page =
                DemoPage.write(
                        tmp.resolve("page"),
                        Map.of("scans", "5"),
                        scans,
                        reports,
                        List.of(20.0, 27.0, 34.0, 41.0, 48.0),
                        List.of(0.5, 0.6, 0.7, 0.8, 0.9));
        String url = page.toUri().toString();

        String dom = run("dom", "--dump-dom", url);
        Matcher body = BODY.matcher(dom);
        assertThat(body.find()).as("a <body> in the dumped DOM:%n%s", dom).isTrue();
        String tag = body.group();
        assertThat(attribute(tag, "data-images-total")).as(tag).isEqualTo("5");
        assertThat(attribute(tag, "data-images-loaded")).as(tag).isEqualTo("5");

        Path shot = tmp.resolve("shot.png");
        run("screenshot", "--screenshot=" + shot, "--window-size=" + WIDTH + "," + HEIGHT, url);
        assertThat(shot).isRegularFile();
        BufferedImage png = ImageIO.read(shot.toFile());
        assertThat(png.getWidth()).isEqualTo(WIDTH);
        assertThat(png.getHeight()).isEqualTo(HEIGHT);
        assertThat(distinctColours(png, 3)).as("colours in the screenshot").isGreaterThan(2);
    }

    /**
     * Runs headless Chromium with the given arguments and returns its stdout; fails with its stderr
     * if it fails.
     */
    private String run(String name, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                chromium.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--virtual-time-budget=5000",
                                // A private profile: parallel builds must not share (and lock) the
                                // user's default one.
                                "--user-data-dir=" + tmp.resolve("profile-" + name)));
        command.addAll(List.of(args));
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        // Output to files, not pipes: Chromium logs a lot to stderr and would block on a full pipe.
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(
                    "chromium (%s) did not finish in %d s; stderr:%n%s",
                    name, TIMEOUT_S, Files.readString(err));
        }
        if (p.exitValue() != 0) {
            fail(
                    "chromium (%s) exited with %d; stderr:%n%s",
                    name, p.exitValue(), Files.readString(err));
        }
        return Files.readString(out);
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    /**
     * How many distinct colours, counting up to {@code limit}: a blank or failed render has one.
     */
    private static int distinctColours(BufferedImage png, int limit) {
        List<Integer> seen = new ArrayList<>();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int rgb = png.getRGB(x, y);
                if (!seen.contains(rgb)) {
                    seen.add(rgb);
                    if (seen.size() >= limit) {
                        return seen.size();
                    }
                }
            }
        }
        return seen.size();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
