package io.medstream.models.report.calibration;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The persisted confidence mapping of one drafter and one decoding mode: {@value #FILE} next to the
 * drafter's weights holds one entry per mode ({@code {"csr": {...}, "greedy": {...}}}), because
 * R_image and R_text of greedy and of CSR-searched sentences have different distributions and so
 * need different Platt weights.
 *
 * <p>An entry is bound to the exact weights it was fitted for (drafter and scorer sha256): a
 * confidence computed with weights fitted for another model would look like a probability and be
 * wrong, so {@link #require} refuses it instead of silently degrading.
 *
 * @param mode "csr" or "greedy"
 * @param w0 Platt intercept
 * @param w1 weight of R_image/100
 * @param w2 weight of R_text
 * @param fittedOn number of validation phantoms decoded for the fit
 * @param seed their generator seed (the validation seed 2002 for the shipped files)
 * @param sentences number of sentences the mapping was fitted on
 * @param ece expected calibration error on the fit sentences (10 bins)
 * @param drafterSha256 sha256 of the drafter weight file it was fitted for
 * @param scorerSha256 sha256 of the scorer weight file whose R_image it maps
 */
@JsonPropertyOrder({
    "mode",
    "w0",
    "w1",
    "w2",
    "fittedOn",
    "seed",
    "sentences",
    "ece",
    "drafterSha256",
    "scorerSha256"
})
public record ModelCalibration(
        String mode,
        double w0,
        double w1,
        double w2,
        int fittedOn,
        long seed,
        int sentences,
        double ece,
        String drafterSha256,
        String scorerSha256) {

    public static final String FILE = "calibration.json";
    public static final String CSR = "csr";
    public static final String GREEDY = "greedy";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<Map<String, ModelCalibration>> ENTRIES =
            new TypeReference<>() {};

    /** The mode name of a decoding choice. */
    public static String mode(boolean csr) {
        return csr ? CSR : GREEDY;
    }

    public PlattCalibrator calibrator() {
        return new PlattCalibrator(new double[] {w0, w1, w2});
    }

    /**
     * Writes this entry into {@code drafterDir/calibration.json}, keeping the other modes' entries.
     */
    public void save(Path drafterDir) throws IOException {
        Map<String, ModelCalibration> all = new TreeMap<>(readAll(drafterDir));
        all.put(mode, this);
        Files.writeString(drafterDir.resolve(FILE), JSON.writeValueAsString(all) + "\n");
    }

    /** All entries of {@code drafterDir/calibration.json}; empty when the file does not exist. */
    public static Map<String, ModelCalibration> readAll(Path drafterDir) throws IOException {
        Path f = drafterDir.resolve(FILE);
        if (!Files.exists(f)) {
            return Map.of();
        }
        return JSON.readValue(f.toFile(), ENTRIES);
    }

    /** The entry for {@code mode}, if the file has one. */
    public static Optional<ModelCalibration> read(Path drafterDir, String mode) throws IOException {
        return Optional.ofNullable(readAll(drafterDir).get(mode));
    }

    /**
     * The entry for {@code mode}, checked against the weights in use.
     *
     * @throws IllegalStateException when there is no entry for the mode, or it was fitted for other
     *     drafter or scorer weights; the message names the file and {@code ReportModels.calibrate}
     */
    public static ModelCalibration require(
            Path drafterDir, String mode, String drafterSha256, String scorerSha256)
            throws IOException {
        Path f = drafterDir.resolve(FILE);
        ModelCalibration c =
                read(drafterDir, mode)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                (Files.exists(f)
                                                                ? "no '" + mode + "' entry in " + f
                                                                : "calibration file "
                                                                        + f
                                                                        + " is missing")
                                                        + "; fit one with ReportModels.calibrate(drafterDir, scorerDir, 100, 2002, ...)"));
        c.checkFor(drafterSha256, scorerSha256, f.toString());
        return c;
    }

    /**
     * Checks that this entry was fitted for these weights.
     *
     * @param where where the entry came from, for the message
     * @throws IllegalStateException when the drafter or the scorer sha256 differs
     */
    public void checkFor(String drafterSha256, String scorerSha256, String where) {
        if (!this.drafterSha256.equals(drafterSha256)) {
            throw new IllegalStateException(
                    "'"
                            + mode
                            + "' calibration in "
                            + where
                            + " was fitted for drafter weights sha256 "
                            + this.drafterSha256
                            + ", but the loaded drafter is "
                            + drafterSha256
                            + "; refit it with ReportModels.calibrate");
        }
        if (!this.scorerSha256.equals(scorerSha256)) {
            throw new IllegalStateException(
                    "'"
                            + mode
                            + "' calibration in "
                            + where
                            + " was fitted with scorer weights sha256 "
                            + this.scorerSha256
                            + ", but the loaded scorer is "
                            + scorerSha256
                            + "; refit it with ReportModels.calibrate");
        }
    }
}
