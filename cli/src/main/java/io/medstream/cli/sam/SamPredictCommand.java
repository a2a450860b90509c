package io.medstream.cli.sam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.samunet.inference.MaskImages;
import io.medstream.models.samunet.inference.NpyWriter;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream sam predict [--model DIR | --weights F --variant V] --image FILE --box
 * x0,y0,x1,y1 [--point x,y,label]... --out PREFIX}: one prompt (box and/or points, original pixel
 * coordinates) on one DICOM or PNG image. Writes {@code PREFIX.png} (mask, original size) and
 * {@code PREFIX.logits.npy} (raw low-res logits, [1,1,64,64] float32) and prints one JSON line.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Segment one image with a box and/or point prompt.")
public final class SamPredictCommand implements Callable<Integer> {

    @Mixin SamModelOptions modelOptions;

    @Option(names = "--image", required = true, description = "DICOM or PNG file.")
    Path image;

    @Option(names = "--box", description = "x0,y0,x1,y1 in original pixels.")
    String box;

    @Option(
            names = "--point",
            description = "x,y,label (label 1 = foreground, 0 = background); repeatable.")
    List<String> points = new ArrayList<>();

    @Option(names = "--out", required = true, description = "Output prefix.")
    String out;

    @Option(
            names = "--no-box-constraint",
            description =
                    "Keep mask pixels outside the box (by default a box prompt "
                            + "confines the mask to the box).")
    boolean noBoxConstraint;

    @Option(
            names = "--torchscript",
            description =
                    "Use the TorchScript backend: a folder with encoder.pt and "
                            + "decoder.pt exported with the spec's two wrapper signatures (instead of --model/--weights).")
    Path torchscript;

    @Override
    public Integer call() throws Exception {
        SegmentationPrompt prompt = parsePrompt(box, points).withConfineToBox(!noBoxConstraint);
        long t0 = System.nanoTime();
        ScanImage src = ImageFiles.read(image);
        double readMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        try (SamUnetPredictor segmenter =
                torchscript == null
                        ? modelOptions.load()
                        : SamUnetPredictor.load(
                                SamUnetPredictor.Options.torchScript(torchscript))) {
            double loadMs = (System.nanoTime() - t1) / 1e6;
            SegmentationOutput o = segmenter.predict(src, List.of(prompt)).get(0);
            SamUnetPredictor.Timings t = segmenter.lastTimings();
            Path png = Path.of(out + ".png");
            Path npy = Path.of(out + ".logits.npy");
            if (png.getParent() != null) {
                Files.createDirectories(png.getParent());
            }
            MaskImages.writeMaskPng(png, o.mask(), o.rows(), o.cols());
            int side = (int) Math.round(Math.sqrt(o.lowResLogits().length));
            NpyWriter.write(npy, o.lowResLogits(), 1, 1, side, side);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("image", image.toString());
            json.put(
                    "model",
                    torchscript != null ? "torchscript:" + torchscript : modelOptions.source());
            json.put("rows", o.rows());
            json.put("cols", o.cols());
            json.put("areaPixels", o.areaPixels());
            json.put("areaMm2", Double.isNaN(o.areaMm2()) ? null : o.areaMm2());
            json.put("boxConstraint", prompt.confinesMask());
            json.put("stabilityScore", o.stabilityScore());
            json.put("meanProbabilityInside", o.meanProbabilityInside());
            json.put("logitMin", o.logitMin());
            json.put("logitMax", o.logitMax());
            json.put("logitMean", o.logitMean());
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("readMs", readMs);
            timings.put("modelLoadMs", loadMs);
            timings.put("preprocessMs", t.preprocessMs());
            timings.put("encoderMs", t.encoderMs());
            timings.put("decoderMs", t.decoderMs());
            timings.put("postprocessMs", t.postprocessMs());
            json.put("timings", timings);
            json.put("mask", png.toString());
            json.put("logits", npy.toString());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }

    /** --box "x0,y0,x1,y1" and --point "x,y,label" → one prompt. */
    static SegmentationPrompt parsePrompt(String box, List<String> points) {
        double[] b = null;
        if (box != null) {
            b = numbers(box, 4, "--box");
            if (b[2] <= b[0] || b[3] <= b[1]) {
                throw new IllegalArgumentException("--box needs x1 > x0 and y1 > y0: " + box);
            }
        }
        List<SegmentationPrompt.Point> pts = new ArrayList<>();
        for (String p : points) {
            double[] v = numbers(p, 3, "--point");
            if (v[2] != 0 && v[2] != 1) {
                throw new IllegalArgumentException("--point label must be 0 or 1: " + p);
            }
            pts.add(new SegmentationPrompt.Point(v[0], v[1], v[2] == 1));
        }
        if (b == null && pts.isEmpty()) {
            throw new IllegalArgumentException("give --box and/or at least one --point");
        }
        return new SegmentationPrompt(b, pts);
    }

    private static double[] numbers(String s, int n, String option) {
        String[] parts = s.split(",");
        if (parts.length != n) {
            throw new IllegalArgumentException(
                    option + " needs " + n + " comma-separated numbers: " + s);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return v;
    }
}
