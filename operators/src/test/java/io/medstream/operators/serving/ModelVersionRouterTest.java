package io.medstream.operators.serving;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.internal.ServingVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The control half of a model stage, in Flink's broadcast harness. */
class ModelVersionRouterTest {

    @TempDir Path dir;

    /** A request as the stages build them: the input and the version attached. */
    record Tagged(String input, ServingVersion version) {}

    private ModelVersion version(String v, String word) throws Exception {
        Path f = dir.resolve("w" + v);
        Files.writeString(f, word);
        return new ModelVersion("tagger", v, f.toUri().toString(), ModelSlot.sha256(f.toString()));
    }

    private static ModelControl command(ModelKind kind, ModelVersion v) {
        return ModelControl.newBuilder()
                .setKind(kind)
                .setName(v.name())
                .setVersion(v.version())
                .setUri(v.uri())
                .setSha256(v.sha256())
                .setIssuedTimeMillis(Instant.ofEpochMilli(42))
                .build();
    }

    private static ModelVersionRouter<String, Tagged> router() {
        return new ModelVersionRouter<>(
                ModelKind.SEGMENTATION, Tagged::new, ErrorStrategy.DEAD_LETTER, 1 << 20);
    }

    private static List<String> versions(List<Tagged> out) {
        return out.stream()
                .map(t -> t.input() + "@" + (t.version() == null ? "-" : t.version().getVersion()))
                .toList();
    }

    private static List<DeadLetter> deadLetters(BroadcastOperatorTestHarness<?, ?, ?> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).toList();
    }

    @Test
    void requestsCarryTheLastVerifiedVersionOfTheirKind() throws Exception {
        ModelVersion v2 = version("2", "beta");
        try (var h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        router(), ModelVersionRouter.ACTIVE_MODELS)) {
            h.processElement("a", 0); // nothing announced yet
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, v2), 0);
            h.processElement("b", 0);
            h.processBroadcastElement(command(ModelKind.DRAFTER, version("9", "other")), 0);
            h.processElement("c", 0); // another kind's command changes nothing here
            assertThat(versions(h.extractOutputValues())).containsExactly("a@-", "b@2", "c@2");
            Tagged b = h.extractOutputValues().get(1);
            assertThat(ModelVersionRouter.fromAvro(b.version())).isEqualTo(v2);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void aCommandWhoseWeightsDoNotVerifyIsOneDeadLetterAndNeverEntersTheState() throws Exception {
        ModelVersion v2 = version("2", "beta");
        ModelVersion badSha = new ModelVersion("tagger", "3", v2.uri(), "ab".repeat(32));
        ModelVersion missing =
                new ModelVersion(
                        "tagger", "4", dir.resolve("nope").toUri().toString(), v2.sha256());
        try (var h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        router(), ModelVersionRouter.ACTIVE_MODELS)) {
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, v2), 0);
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, badSha), 0);
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, missing), 0);
            h.processElement("a", 0);
            assertThat(versions(h.extractOutputValues())).containsExactly("a@2");
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(DeadLetter::getStage).containsOnly("model-load");
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly("CHECKSUM", "VERIFY");
            assertThat(dead.get(0).getMessage()).contains("still serving tagger@2");
            assertThat(dead.get(0).getPayload()).isNotNull(); // the command, replayable
        }
    }

    @Test
    void afterARestoreRequestsCarryTheCheckpointedVersion() throws Exception {
        ModelVersion v2 = version("2", "beta");
        OperatorSubtaskState snapshot;
        try (var h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        router(), ModelVersionRouter.ACTIVE_MODELS)) {
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, v2), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var restored =
                new BroadcastOperatorTestHarness<>(
                        new CoBroadcastWithNonKeyedOperator<>(
                                router(), List.of(ModelVersionRouter.ACTIVE_MODELS)),
                        1,
                        1,
                        0)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement("a", 0);
            assertThat(versions(restored.extractOutputValues())).containsExactly("a@2");
        }
    }
}
