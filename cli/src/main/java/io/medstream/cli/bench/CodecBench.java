package io.medstream.cli.bench;

import io.medstream.dicom.DecodedImage;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * DICOM parse + decode throughput per file: the file is parsed and every frame decoded, repeatedly.
 */
public final class CodecBench {

    /** One file's figures. MB = 10^6 bytes. */
    public record Row(
            String file,
            String transferSyntaxUid,
            String transferSyntax,
            long fileBytes,
            int frames,
            int iterations,
            double seconds,
            double fileMBPerSec,
            double decodedMBPerSec) {}

    private CodecBench() {}

    public static List<Row> run(Path dir, double minSeconds) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int i = 0; i < 3; i++) {
                decodeAll(bytes); // warm-up: JIT and ImageIO plugin discovery
            }
            long decoded = 0;
            int iterations = 0;
            long start = System.nanoTime();
            long budget = (long) (minSeconds * 1e9);
            while (System.nanoTime() - start < budget || iterations < 3) {
                long[] d = decodeAll(bytes);
                decoded += d[0];
                iterations++;
            }
            double secs = (System.nanoTime() - start) / 1e9;
            DicomFile file = DicomReader.read(bytes, DicomLimits.defaults());
            rows.add(
                    new Row(
                            f.getFileName().toString(),
                            file.transferSyntax().uid(),
                            file.transferSyntax().name(),
                            bytes.length,
                            file.image().frames(),
                            iterations,
                            secs,
                            bytes.length * (double) iterations / secs / 1e6,
                            decoded / secs / 1e6));
        }
        return rows;
    }

    /** Returns {decoded float bytes}. */
    private static long[] decodeAll(byte[] bytes) {
        DicomFile file = DicomReader.read(bytes, DicomLimits.defaults());
        DecodedImage img = file.image();
        long total = 0;
        for (int i = 0; i < img.frames(); i++) {
            total += (long) img.frame(i).length * Float.BYTES;
        }
        return new long[] {total};
    }
}
