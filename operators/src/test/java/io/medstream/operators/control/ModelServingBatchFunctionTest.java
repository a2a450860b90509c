package io.medstream.operators.control;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;

import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batching plus broadcast hot swap, in Flink's keyed-broadcast harness, with a small file-backed
 * "model".
 */
class ModelServingBatchFunctionTest {

    @TempDir Path dir;

    /** The "model" prefixes inputs with the word stored in its weights file. */
    record WordModel(String word) implements AutoCloseable {
        @Override
        public void close() {}
    }

    static final class Tagger extends ModelServingBatchFunction<String, String, WordModel> {
        private transient DeadLetters deadLetters;

        Tagger(ModelVersion shipped) {
            super(ModelKind.SEGMENTATION, shipped, 2, 100, Types.STRING);
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            deadLetters =
                    new DeadLetters(
                            ErrorStrategy.DEAD_LETTER,
                            null,
                            1 << 20,
                            getRuntimeContext().getMetricGroup());
            super.open(openContext);
        }

        @Override
        protected DeadLetters deadLetters() {
            return deadLetters;
        }

        @Override
        protected ModelLoader<WordModel> createLoader() {
            return new ModelLoader<>() {
                @Override
                public WordModel load(ModelVersion v) throws Exception {
                    return new WordModel(Files.readString(Path.of(URI.create(v.uri()))));
                }

                @Override
                public void smokeTest(WordModel m) {
                    if (m.word().isBlank()) {
                        throw new IllegalStateException("empty model");
                    }
                }
            };
        }

        @Override
        protected void processBatch(
                List<String> batch,
                ModelSlot.Serving<WordModel> model,
                ReadOnlyContext ctx,
                Collector<String> out) {
            for (String s : batch) {
                out.collect(model.version().version() + ":" + model.model().word() + ":" + s);
            }
        }
    }

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

    private KeyedBroadcastOperatorTestHarness<Integer, String, ModelControl, String> harness(
            ModelVersion shipped) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new Tagger(shipped), s -> 0, Types.INT, ModelServingBatchFunction.ACTIVE_MODELS);
    }

    @Test
    void swapsMidStreamAndEveryOutputCarriesExactlyOneVersion() throws Exception {
        ModelVersion v1 = version("1", "alpha");
        ModelVersion v2 = version("2", "beta");
        try (var h = harness(v1)) {
            h.processElement("a", 0);
            h.processElement("b", 0); // full batch, served by v1
            h.processElement("c", 0); // waits in the buffer...
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, v2), 0);
            h.processElement("d", 0); // ...and the batch [c, d] is served by v2 as a whole
            h.processBroadcastElement(
                    command(ModelKind.DRAFTER, version("9", "other")), 0); // not ours: ignored
            h.processElement("e", 0);
            h.setProcessingTime(1000); // time flush
            assertThat(h.extractOutputValues())
                    .containsExactly("1:alpha:a", "1:alpha:b", "2:beta:c", "2:beta:d", "2:beta:e");
            assertThat(h.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
        }
    }

    @Test
    void aVersionThatFailsToLoadBecomesOneDeadLetterAndTheOldOneKeepsServing() throws Exception {
        ModelVersion v1 = version("1", "alpha");
        ModelVersion badSha =
                new ModelVersion("tagger", "2", version("2", "beta").uri(), "ff".repeat(32));
        ModelVersion empty = version("3", " ");
        try (var h = harness(v1)) {
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, badSha), 0);
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, empty), 0);
            h.processElement("a", 0);
            h.processElement("b", 0);
            assertThat(h.extractOutputValues()).containsExactly("1:alpha:a", "1:alpha:b");
            List<DeadLetter> dead =
                    h.getSideOutput(DeadLetters.TAG).stream().map(r -> r.getValue()).toList();
            assertThat(dead)
                    .extracting(DeadLetter::getStage)
                    .containsExactly("model-load", "model-load");
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly("CHECKSUM", "SMOKE_TEST");
            assertThat(dead.get(0).getMessage()).contains("still serving tagger@1");
        }
    }

    @Test
    void afterARestoreTheCheckpointedVersionServesAgain() throws Exception {
        ModelVersion v1 = version("1", "alpha");
        ModelVersion v2 = version("2", "beta");
        OperatorSubtaskState snapshot;
        try (var h = harness(v1)) {
            h.processBroadcastElement(command(ModelKind.SEGMENTATION, v2), 0);
            h.processElement("a", 0); // buffered
            snapshot = h.snapshot(1, 1);
        }
        // A fresh operator starts on the shipped v1, restores the broadcast state (v2) and the
        // buffered "a".
        var restored =
                new KeyedBroadcastOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.co
                                .CoBroadcastWithKeyedOperator<>(
                                new Tagger(v1), List.of(ModelServingBatchFunction.ACTIVE_MODELS)),
                        (String s) -> 0,
                        Types.INT,
                        1,
                        1,
                        0);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement("b", 0);
        assertThat(restored.extractOutputValues()).containsExactly("2:beta:a", "2:beta:b");
        restored.close();
    }
}
