package io.medstream.cli.sam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.auto.AutomaticMaskGenerator;
import io.medstream.models.samunet.inference.MaskImages;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.training.samunet.eval.AutoRecallEvaluator;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream sam auto}: automatic mode (box grid + stability + NMS). Either {@code --image
 * FILE --out PREFIX} (writes PREFIX.&lt;k&gt;.png per mask and prints one JSON line per mask) or
 * {@code --count N --seed S --json FILE} (lesion recall on phantoms).
 */
@Command(
        name = "auto",
        mixinStandardHelpOptions = true,
        description = "Automatic mode: masks without prompts, or its lesion recall on phantoms.")
public final class SamAutoCommand implements Callable<Integer> {

    @Mixin SamModelOptions modelOptions;

    @Option(names = "--image", description = "DICOM or PNG file.")
    Path image;

    @Option(names = "--out", description = "Output prefix for --image.")
    String out;

    @Option(names = "--count", description = "Phantoms for the recall measurement.")
    Integer count;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Phantom seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Recall report file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if ((image == null) == (count == null)
                || (image != null && out == null)
                || (count != null && json == null)) {
            System.err.println("use --image FILE --out PREFIX, or --count N --seed S --json FILE");
            return 2;
        }
        try (SamUnetPredictor segmenter = modelOptions.load()) {
            AutomaticMaskGenerator gen =
                    new AutomaticMaskGenerator(segmenter, AutoMaskOptions.defaults());
            ObjectMapper mapper = new ObjectMapper();
            if (image != null) {
                ScanImage src = ImageFiles.read(image);
                SamInput input = segmenter.preprocess(src);
                List<AutoMask> masks = gen.generate(input);
                for (int k = 0; k < masks.size(); k++) {
                    AutoMask m = masks.get(k);
                    Path png = Path.of(out + "." + k + ".png");
                    MaskImages.writeMaskPng(png, m.mask(), src.rows(), src.cols());
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("mask", png.toString());
                    line.put("box", m.box());
                    line.put("areaPixels", m.areaPixels());
                    line.put(
                            "areaMm2",
                            Double.isNaN(src.pixelAreaMm2())
                                    ? null
                                    : m.areaPixels() * src.pixelAreaMm2());
                    line.put("stabilityScore", m.stabilityScore());
                    line.put("boxFit", m.boxFit());
                    System.out.println(mapper.writeValueAsString(line));
                }
                return 0;
            }
            Map<String, Object> report;
            try (ProgressBar bar =
                    new ProgressBarBuilder()
                            .setTaskName("auto")
                            .setInitialMax(count)
                            .setStyle(ProgressBarStyle.ASCII)
                            .build()) {
                report = AutoRecallEvaluator.evaluate(gen, seed, count, bar::stepTo);
            }
            Map<String, Object> full = new LinkedHashMap<>();
            full.put("model", modelOptions.source());
            full.putAll(report);
            mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), full);
            System.out.printf(
                    "lesion recall %.3f (%s lesions) -> %s%n",
                    report.get("lesionRecall"), report.get("lesions"), json);
        }
        return 0;
    }
}
