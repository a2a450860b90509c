package io.medstream.models.intendeduse;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.dicom.image.ScanImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model's intended use with its out-of-distribution detector ({@value #FILE} beside the weights):
 * decides per series whether the model may analyse it. A series is not analysed when any slice's
 * attributes are outside the intended use (modality, pixel spacing), or when more than half of its
 * slices are further from the training images than the detector's threshold — a majority, because
 * with a threshold at the 99.5th validation percentile one slice in two hundred of the training
 * distribution lies beyond it, and a 20-slice series should not be refused for one such slice.
 *
 * @param intendedUse the declaration
 * @param detector the detector fitted on the model's training images
 */
@JsonPropertyOrder({"intendedUse", "detector"})
public record IntendedUseGate(IntendedUse intendedUse, OodDetector detector) {

    /** File name in a model directory. */
    public static final String FILE = "intended-use.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Decides over the series' slices (at least one). */
    public GateDecision decide(List<ScanImage> slices) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one slice");
        }
        for (ScanImage s : slices) {
            Optional<String> refusal = intendedUse.attributeRefusal(s);
            if (refusal.isPresent()) {
                return new GateDecision(
                        false,
                        "Not analysed: "
                                + refusal.get()
                                + "; this model was trained for "
                                + intendedUse.trainedFor(),
                        slices.size(),
                        0,
                        Double.NaN,
                        detector.threshold());
            }
        }
        double[] d = new double[slices.size()];
        int out = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = detector.distance(ImageDescriptor.of(slices.get(i)));
            if (d[i] > detector.threshold()) {
                out++;
            }
        }
        double median = median(d);
        if (2 * out > slices.size()) {
            return new GateDecision(
                    false,
                    String.format(
                            Locale.ROOT,
                            "Not analysed: %d of %d slices are unlike the images this model was"
                                    + " trained on (%s; median out-of-distribution distance %.1f,"
                                    + " threshold %.1f); this model was trained for %s",
                            out,
                            slices.size(),
                            intendedUse.inputDomain(),
                            median,
                            detector.threshold(),
                            intendedUse.trainedFor()),
                    slices.size(),
                    out,
                    median,
                    detector.threshold());
        }
        return new GateDecision(true, null, slices.size(), out, median, detector.threshold());
    }

    /** Median of the values (mean of the middle two for an even count); NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Reads {@value #FILE} of a model directory. */
    public static Optional<IntendedUseGate> read(Path modelDir) throws IOException {
        Path f = modelDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), IntendedUseGate.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(f + " is not a valid intended use: " + e.getMessage(), e);
        }
    }

    /** Writes {@value #FILE} into a model directory. */
    public void write(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        JSON.writeValue(modelDir.resolve(FILE).toFile(), this);
    }
}
