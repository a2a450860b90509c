package io.medstream.cli;

import io.medstream.embedded.kafka.KafkaClients;
import io.medstream.jobs.config.Topic;
import io.medstream.models.common.Sha256;
import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./medstream swap}: announces a model version on the control topic. The running job loads
 * it beside the serving one on every subtask, verifies the sha256 computed here, smoke-tests it and
 * swaps; a version that fails becomes a dead letter (stage {@code model-load}) and the old one
 * keeps serving.
 */
@Command(
        name = "swap",
        mixinStandardHelpOptions = true,
        description =
                "Announce a new model version to a running job (hot swap through the control topic).")
public final class SwapCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    // picocli takes the field's initial value as the default (an annotation needs a constant)
    @Option(names = "--topic", description = "Control topic (default: ${DEFAULT-VALUE}).")
    String topic = Topic.CONTROL.defaultName();

    @Option(
            names = "--kind",
            required = true,
            description =
                    "SEGMENTATION (weight file with model.json beside it) "
                            + "or DRAFTER (weights.params with config, vocabulary and calibration.json beside it).")
    ModelKind kind;

    @Option(
            names = "--model-name",
            required = true,
            description = "Model name stamped on every output.")
    String name;

    @Option(
            names = "--model-version",
            required = true,
            description = "Version stamped on every output.")
    String version;

    @Option(
            names = "--weights",
            required = true,
            description =
                    "Weight file; its path must be readable by every TaskManager (shared volume).")
    Path weights;

    @Override
    public Integer call() throws Exception {
        if (kind == ModelKind.SCORER) {
            System.err.println(
                    "--kind SCORER: swapping the scorer is not supported: every drafter calibration depends on it");
            return 2;
        }
        if (!Files.isRegularFile(weights)) {
            System.err.println("--weights: no such weight file: " + weights);
            return 2;
        }
        Path file = weights.toAbsolutePath();
        ModelControl cmd =
                ModelControl.newBuilder()
                        .setKind(kind)
                        .setName(name)
                        .setVersion(version)
                        .setUri(file.toUri().toString())
                        .setSha256(Sha256.hex(file))
                        .setIssuedTimeMillis(Instant.now())
                        .build();
        KafkaClients.produceAll(
                bootstrap,
                List.of(
                        new ProducerRecord<>(
                                topic,
                                kind.name().getBytes(StandardCharsets.UTF_8),
                                AvroRecords.encode(cmd))));
        System.out.println(
                "announced "
                        + kind
                        + " "
                        + name
                        + "@"
                        + version
                        + " sha256 "
                        + cmd.getSha256()
                        + " on "
                        + topic);
        return 0;
    }
}
