package io.medstream.it;

import org.apache.flink.configuration.Configuration;

import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.samunet.serving.SegmentationService;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import io.medstream.testing.KafkaBrokerExtension;
import io.medstream.testing.PipelineTestConfig;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segmentation model hot swap in the running job against a real broker. 40 phantom scans in 4
 * series: the first two series are sent and segmented by the shipped version; then {@code
 * samunet-tiny v2} (a copy of the shipped folder) is announced on the control topic, followed by a
 * command whose checksum is wrong; once the bad command's dead letters show that every segment
 * subtask has handled both, the last two series are sent. The control and scan streams are not
 * ordered relative to each other, so the test orders them by waiting on outputs; every version
 * stamp is then exact.
 */
class ModelSwapITCase {
    private static final int PARALLELISM = 2;
    private static final int SCANS = 40;

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tmp;

    @Test
    void swapsMidStreamWithoutLosingOrDuplicatingAScanAndABadVersionOnlyCostsDeadLetters()
            throws Exception {
        List<ScanInput> inputs = ScanFeeds.phantomEvents(SCANS, 77L);
        List<ScanInput> before = inputs.subList(0, SCANS / 2); // series 0 and 1
        List<ScanInput> after = inputs.subList(SCANS / 2, SCANS); // series 2 and 3

        ModelVersion shipped = SegmentationService.shippedVersion();
        Path v2Weights = copyModelFolder(shipped, tmp.resolve("samunet-v2"));
        String v2Sha = ModelSlot.sha256(v2Weights.toString());
        ModelControl good = command("v2", v2Weights.toUri().toString(), v2Sha);
        ModelControl bad = command("v3-bad-sha", v2Weights.toUri().toString(), "0".repeat(64));

        PipelineRun.Result r =
                PipelineRun.run(
                        settings(),
                        conf(),
                        inputs,
                        Duration.ofMinutes(4),
                        p -> {},
                        job -> {
                            job.send(before);
                            job.await(
                                    "the masks of the first half",
                                    () -> job.masks().size() >= before.size(),
                                    Duration.ofMinutes(2));
                            job.control(good, bad);
                            // The broadcast reaches every segment subtask, in the order of the
                            // control partition: a subtask's
                            // dead letter for the bad command means it has already swapped to v2.
                            job.await(
                                    "a model-load dead letter from every segment subtask",
                                    () -> modelLoadLetters(job.deadLetters()).size() >= PARALLELISM,
                                    Duration.ofMinutes(1));
                            job.send(after);
                        });

        // every scan has exactly one mask record, and nothing else came out of the scans
        assertThat(r.masks()).hasSize(SCANS);
        Map<String, SegmentationResult> bySop =
                r.masks().stream()
                        .collect(
                                Collectors.toMap(
                                        SegmentationResult::getSopInstanceUid,
                                        Function.identity()));
        assertThat(bySop.keySet()).isEqualTo(sops(inputs));

        // the first half was served by the shipped version, the second half by v2, each output by
        // exactly one
        for (ScanInput in : before) {
            SegmentationResult m = bySop.get(in.declared().getSopInstanceUid());
            assertThat(m.getModel().getName()).isEqualTo("samunet-tiny");
            assertThat(m.getModel().getVersion()).isEqualTo(shipped.version());
            assertThat(m.getModel().getSha256()).isEqualTo(shipped.sha256());
        }
        for (ScanInput in : after) {
            SegmentationResult m = bySop.get(in.declared().getSopInstanceUid());
            assertThat(m.getModel().getName()).isEqualTo("samunet-tiny");
            assertThat(m.getModel().getVersion()).isEqualTo("v2");
            assertThat(m.getModel().getSha256()).isEqualTo(v2Sha);
            assertThat(m.getStructures()).isNotEmpty(); // v2 really segments
        }

        // the bad command: exactly one dead letter per segment subtask (the draft stage ignores
        // SEGMENTATION
        // commands), reason CHECKSUM, and no other dead letter at all
        List<DeadLetter> letters = r.deadLetters();
        assertThat(modelLoadLetters(letters))
                .hasSize(PARALLELISM)
                .allSatisfy(
                        d -> {
                            assertThat(d.getReason()).isEqualTo("CHECKSUM");
                            assertThat(d.getMessage()).contains("still serving samunet-tiny@v2");
                            assertThat(
                                            decode(ModelControl.class, (ByteBuffer) d.getPayload())
                                                    .getVersion())
                                    .isEqualTo("v3-bad-sha");
                        });
        assertThat(letters).hasSize(PARALLELISM);

        // one report per series, and each series' report names the version that segmented it
        assertThat(r.reports()).hasSize(SCANS / ScanFeeds.PHANTOM_SERIES_SIZE);
        Map<String, StudyReport> reports =
                r.reports().stream()
                        .collect(
                                Collectors.toMap(
                                        StudyReport::getSeriesInstanceUid, Function.identity()));
        assertThat(reports.keySet()).isEqualTo(series(inputs));
        for (StudyReport rep : r.reports()) {
            assertThat(rep.getInstanceCount()).isEqualTo(ScanFeeds.PHANTOM_SERIES_SIZE);
        }
        for (String s : series(before)) {
            assertThat(reports.get(s).getSegmentationModel().getVersion())
                    .isEqualTo(shipped.version());
        }
        for (String s : series(after)) {
            assertThat(reports.get(s).getSegmentationModel().getVersion()).isEqualTo("v2");
        }
    }

    /**
     * Copies the folder of the shipped weights (weights and {@code model.json}); returns the copied
     * weight file.
     */
    private static Path copyModelFolder(ModelVersion shipped, Path target) throws Exception {
        Path weights = Path.of(URI.create(shipped.uri()));
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(weights.getParent())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        assertThat(target.resolve("model.json")).exists();
        return target.resolve(weights.getFileName().toString());
    }

    private static ModelControl command(String version, String uri, String sha256) {
        return ModelControl.newBuilder()
                .setKind(ModelKind.SEGMENTATION)
                .setName("samunet-tiny")
                .setVersion(version)
                .setUri(uri)
                .setSha256(sha256)
                .setIssuedTimeMillis(Instant.now())
                .build();
    }

    private static <T extends SpecificRecordBase> T decode(Class<T> type, ByteBuffer bytes)
            throws IOException {
        byte[] b = new byte[bytes.remaining()];
        bytes.duplicate().get(b);
        return AvroRecords.decode(type, b);
    }

    private static List<DeadLetter> modelLoadLetters(List<DeadLetter> letters) {
        return letters.stream().filter(d -> d.getStage().equals("model-load")).toList();
    }

    private static Set<String> sops(List<ScanInput> inputs) {
        return inputs.stream()
                .map(i -> i.declared().getSopInstanceUid())
                .collect(Collectors.toSet());
    }

    private static Set<String> series(List<ScanInput> inputs) {
        return inputs.stream()
                .map(i -> i.declared().getSeriesInstanceUid())
                .collect(Collectors.toSet());
    }

    private MedstreamSettings settings() {
        return MedstreamSettings.fromConfiguration(conf());
    }

    private Configuration conf() {
        if (cached != null) {
            return cached;
        }
        Configuration conf =
                PipelineTestConfig.create(KAFKA, PARALLELISM, tmp.resolve("blobs"), "9271-9281");
        cached = conf;
        return conf;
    }

    private Configuration cached;
}
