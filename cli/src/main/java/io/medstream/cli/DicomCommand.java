package io.medstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.dicom.DicomException;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream dicom FILE...}: one JSON line per file with its identifiers, geometry and the
 * statistics of the first frame after the modality LUT; an unreadable file prints {@code {"file",
 * "error"}} and makes the exit code 1, after every file has been processed.
 */
@Command(
        name = "dicom",
        mixinStandardHelpOptions = true,
        description = "Read DICOM files with medstream's codec and print one JSON line per file.")
public final class DicomCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM Part 10 files.")
    List<Path> files;

    @Option(
            names = "--max-frames",
            description = "Largest Number of Frames accepted (default: ${DEFAULT-VALUE}).")
    int maxFrames = DicomLimits.defaults().maxFrames();

    @Option(
            names = "--max-bytes",
            description = "Largest file accepted in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes = DicomLimits.defaults().maxFileBytes();

    @Override
    public Integer call() {
        return print(
                files,
                DicomLimits.defaults().withMaxFrames(maxFrames).withMaxFileBytes(maxBytes),
                System.out);
    }

    static int print(List<Path> files, DicomLimits limits, PrintStream out) {
        int failures = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            ObjectNode line = JSON.createObjectNode();
            try {
                if (Files.size(file) > limits.maxFileBytes()) {
                    throw new DicomException(
                            DicomException.Reason.LIMIT_EXCEEDED,
                            "file of "
                                    + Files.size(file)
                                    + " bytes exceeds the limit of "
                                    + limits.maxFileBytes());
                }
                DicomSummary s = DicomSummary.ofAny(name, Files.readAllBytes(file), limits);
                line.put("file", s.file());
                line.put("rows", s.rows());
                line.put("columns", s.columns());
                line.put("frames", s.frames());
                line.put("modality", s.modality());
                line.put("transferSyntaxUid", s.transferSyntaxUid());
                line.put("sopInstanceUid", s.sopInstanceUid());
                line.put("seriesInstanceUid", s.seriesInstanceUid());
                line.put("studyInstanceUid", s.studyInstanceUid());
                if (s.instanceNumber() == null) {
                    line.putNull("instanceNumber");
                } else {
                    line.put("instanceNumber", s.instanceNumber());
                }
                line.put("pixelMin", s.pixelMin());
                line.put("pixelMax", s.pixelMax());
                line.put("pixelMean", s.pixelMean());
            } catch (IOException | RuntimeException e) {
                failures++;
                line.removeAll();
                line.put("file", name);
                line.put(
                        "error",
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            out.println(line);
        }
        return failures == 0 ? 0 : 1;
    }
}
