package io.medstream.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.intendeduse.GateDecision;
import io.medstream.models.intendeduse.ImageDescriptor;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.training.report.corpus.StudyImages;
import io.medstream.training.report.ood.IntendedUseFit;
import io.medstream.training.report.ood.OodEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream report ood-eval [--count N] [--seed S] FILE...}: the out-of-distribution
 * distance of N unseen phantoms against every frame of the given DICOM files (AUROC, fractions on
 * each side of the threshold), and the gate's decision per file taken as one series.
 */
@Command(
        name = "ood-eval",
        mixinStandardHelpOptions = true,
        description =
                "Measure the drafter's out-of-distribution detector: unseen phantoms vs the frames"
                        + " of DICOM files (AUROC, fractions analysed), and the gate per file.")
public final class ReportOodEvalCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "DICOM files (any images).")
    List<Path> files = List.of();

    @Option(names = "--drafter", description = "Drafter folder (default: the shipped base).")
    Path drafter;

    @Option(names = "--count", description = "Unseen phantoms (default: ${DEFAULT-VALUE}).")
    int count = 200;

    @Option(
            names = "--seed",
            description = "Phantom seed (default: the evaluation seed ${DEFAULT-VALUE}).")
    long seed = StudyImages.TEST_SEED;

    @Option(names = "--json", description = "Also write the result to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path dir =
                drafter != null
                        ? drafter
                        : ReportCommand.shippedRoot().resolve(DrafterVersions.BASE);
        IntendedUseGate gate =
                IntendedUseGate.read(dir)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                dir + " has no " + IntendedUseGate.FILE));
        List<Double> phantoms = new ArrayList<>();
        for (double[] d :
                IntendedUseFit.descriptors(seed, count, "phantoms", TrainingProgress.NONE)) {
            phantoms.add(gate.detector().distance(d));
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("detector", gate.detector().toString());
        out.put("phantoms", count);
        out.put("phantomSeed", seed);
        List<Double> others = new ArrayList<>();
        ArrayNode perFile = out.putArray("files");
        for (Path f : files) {
            ObjectNode line = perFile.addObject();
            line.put("file", f.getFileName().toString());
            try {
                DicomFile dcm = DicomReader.read(Files.readAllBytes(f), DicomLimits.defaults());
                List<ScanImage> frames = new ArrayList<>();
                for (int i = 0; i < dcm.image().frames(); i++) {
                    ScanImage s = ScanImage.fromDicom(dcm, i);
                    frames.add(s);
                    others.add(gate.detector().distance(ImageDescriptor.of(s)));
                }
                GateDecision g = gate.decide(frames);
                line.put("frames", frames.size());
                line.put("modality", frames.get(0).modality());
                line.put(
                        "medianDistance",
                        IntendedUseGate.median(
                                others
                                        .subList(others.size() - frames.size(), others.size())
                                        .stream()
                                        .mapToDouble(Double::doubleValue)
                                        .toArray()));
                line.put("analysed", g.analysed());
                line.put("reason", g.reason());
            } catch (Exception e) {
                line.put("error", e.getMessage());
            }
        }
        long analysed = phantoms.stream().filter(d -> d <= gate.detector().threshold()).count();
        out.put("phantomsAnalysed", analysed / (double) count);
        if (!others.isEmpty()) {
            OodEvaluation e = OodEvaluation.of(phantoms, others, gate.detector().threshold());
            out.put("otherFrames", others.size());
            out.put("auroc", e.auroc());
            out.put("otherFramesRefusedByDistance", e.othersRefused());
        }
        String text = mapper.writeValueAsString(out);
        System.out.println(text);
        if (json != null) {
            Files.writeString(json, text);
        }
        return 0;
    }
}
