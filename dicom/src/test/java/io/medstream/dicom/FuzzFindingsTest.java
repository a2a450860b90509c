package io.medstream.dicom;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fuzzer's reproducers (test-support/data/fuzz-findings): each is read and every frame decoded
 * with the default limits. Each must end as its documented outcome, as a {@link DicomException}
 * (never another exception or an {@code Error}), without allocating beyond what the limits allow
 * and without hanging.
 */
class FuzzFindingsTest {

    /** Bytes one frame's decoding may allocate: the float frame, the codec raster, its copy. */
    private static final long ALLOCATION_BOUND = 3 * DicomLimits.DEFAULT.maxFrameBytes();

    static Path dir() {
        String dir = System.getProperty("medstream.fuzz.dir");
        if (dir == null || !Files.isDirectory(Paths.get(dir))) {
            throw new IllegalStateException(
                    "medstream.fuzz.dir must name test-support/data/fuzz-findings (surefire sets"
                            + " it); got "
                            + dir);
        }
        return Paths.get(dir);
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of(
                        "j2k_packet_hang.dcm", "PIXEL_DECODE", "body ends in FF at offset 215"),
                Arguments.of("j2k_tile_alloc_1GiB.dcm", "PIXEL_DECODE", "declares 512x1073741824"),
                Arguments.of("j2k_error_readFilter.dcm", "PIXEL_DECODE", ""),
                Arguments.of("j2k_error_tilepart.dcm", "PIXEL_DECODE", ""),
                Arguments.of("j2k_16384x16384.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("rle_16384x16384.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("rle_8192x8192.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("jpeg_rgb_8192x8192.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("jpeg_rgb_9000x9000.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("jpeg_rgb_4096x4096.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("rle32rgb_4096x4096.dcm", "LIMIT_EXCEEDED", "maxFrameBytes"),
                Arguments.of("deflate_alloc_369MiB.dcm", "LIMIT_EXCEEDED", "maxElements"),
                Arguments.of("mr_rows_FL_len2.dcm", "MALFORMED", "(0028,0010)"),
                Arguments.of("mr_small_ok.dcm", "OK", ""),
                Arguments.of("mr_instnum_FL_len2.dcm", "OK", ""),
                Arguments.of("mr_instnum_NaN.dcm", "OK", ""),
                Arguments.of("mr_pixelspacing_abc.dcm", "OK", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void endsAsItsDocumentedOutcomeWithinTheLimits(String file, String outcome, String message)
            throws IOException {
        byte[] bytes = Files.readAllBytes(dir().resolve(file));
        Outcome got =
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readEverything(bytes));
        assertThat(got.kind()).isEqualTo(outcome);
        assertThat(got.message()).contains(message);
        assertThat(got.allocatedBytes()).isLessThan(ALLOCATION_BOUND + 16L * bytes.length);
    }

    record Outcome(String kind, String message, long allocatedBytes) {}

    private static Outcome readEverything(byte[] bytes) {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        String kind = "OK";
        String message = "";
        try {
            DecodedImage image = DicomReader.read(bytes, DicomLimits.DEFAULT).image();
            for (int f = 0; f < image.frames(); f++) {
                image.frame(f);
            }
        } catch (DicomException e) {
            kind = e.reason().name();
            message = e.getMessage();
        }
        return new Outcome(kind, message, threads.getThreadAllocatedBytes(id) - before);
    }
}
