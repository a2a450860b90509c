package io.medstream.operators.serving;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The async model stage in Flink's own async wait operator: worker pool, micro-batches, hot swap by
 * requested version, failed swaps, timeouts, and requests in flight across a checkpoint, with a
 * small file-backed "model".
 */
class AsyncModelStageTest {
    private static final long TIMEOUT_MS = 1_000;

    /** Joins the letters one answer carries (a regex for split, so no metacharacters). */
    private static final String LETTER_SEPARATOR = " ;; ";

    @TempDir Path dir;

    /** Opened by the tests; a "slow" model waits for it in every batch. */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Batch sizes and requests the model saw, in order. */
    static final List<Integer> BATCHES = Collections.synchronizedList(new ArrayList<>());

    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void reset() {
        gate.countDown();
        BATCHES.clear();
        SEEN.clear();
    }

    /** A request: its text and the version its router attached (null: none announced). */
    public record Req(String text, ModelVersion version) {}

    /** The "model" prefixes inputs with the word stored in its weights file. */
    record WordModel(String word) implements AutoCloseable {
        @Override
        public void close() {}
    }

    static final class Tagger extends AsyncModelStage<Req, String, WordModel> {
        private final ModelVersion shipped;
        private transient DeadLetters deadLetters;
        private transient MetricGroup metrics;

        Tagger(ModelVersion shipped, ServingSettings serving) {
            super(ModelKind.SEGMENTATION, serving);
            this.shipped = shipped;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            metrics = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup("tag");
            deadLetters = new DeadLetters(ErrorStrategy.DEAD_LETTER, null, 1 << 20, metrics);
            super.open(openContext);
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
        protected ModelVersion initialVersion() {
            return shipped;
        }

        @Override
        protected ModelVersion requestedVersion(Req request) {
            return request.version();
        }

        @Override
        protected List<String> processBatch(List<Req> batch, ModelSlot.Serving<WordModel> model)
                throws Exception {
            BATCHES.add(batch.size());
            batch.forEach(r -> SEEN.add(r.text()));
            if (model.model().word().equals("slow") && !gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            return batch.stream()
                    .map(
                            r ->
                                    model.version().version()
                                            + ":"
                                            + model.model().word()
                                            + ":"
                                            + r.text())
                    .toList();
        }

        @Override
        protected String timedOut(Req request, long timeoutMillis) {
            return "timeout:" + request.text() + " after " + timeoutMillis;
        }

        @Override
        protected String lettersOnly(List<DeadLetter> letters) {
            return "dead:"
                    + String.join(
                            LETTER_SEPARATOR,
                            letters.stream()
                                    .map(
                                            d ->
                                                    d.getStage()
                                                            + "/"
                                                            + d.getReason()
                                                            + "/"
                                                            + d.getMessage())
                                    .toList());
        }

        @Override
        protected DeadLetters deadLetters() {
            return deadLetters;
        }

        @Override
        protected MetricGroup stageMetrics() {
            return metrics;
        }
    }

    /** Waits (at most 30 s) until the worker has handed {@code text} to the model. */
    private static void awaitInModel(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!SEEN.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private ModelVersion version(String v, String word) throws Exception {
        Path f = dir.resolve("w" + v);
        Files.writeString(f, word);
        return new ModelVersion("tagger", v, f.toUri().toString(), ModelSlot.sha256(f.toString()));
    }

    private static OneInputStreamOperatorTestHarness<Req, String> harness(
            ModelVersion shipped, ServingSettings serving, OperatorSubtaskState restore)
            throws Exception {
        return AsyncHarness.open(
                new Tagger(shipped, serving),
                TypeInformation.of(Req.class),
                serving.timeoutMillis(),
                serving.capacity(),
                restore);
    }

    @Test
    void eachRequestIsServedByTheVersionItNamesAndEveryOutputCarriesExactlyOne() throws Exception {
        ModelVersion v1 = version("1", "alpha");
        ModelVersion v2 = version("2", "beta");
        try (var h = harness(v1, new ServingSettings(1, 2, 50, TIMEOUT_MS), null)) {
            h.processElement(new Req("a", null), 0); // none announced: the shipped version
            h.processElement(new Req("b", v1), 0);
            h.processElement(new Req("c", v2), 0); // swapped to before it is served
            h.processElement(new Req("d", v2), 0);
            h.endInput();
            assertThat(h.extractOutputValues())
                    .containsExactlyInAnyOrder("1:alpha:a", "1:alpha:b", "2:beta:c", "2:beta:d");
        }
    }

    @Test
    void requestsAreMicroBatchedBySizeOnTheWorkers() throws Exception {
        ModelVersion v1 = version("1", "alpha");
        // the delay is long: only the size cuts these batches
        try (var h = harness(v1, new ServingSettings(1, 4, 60_000, 120_000), null)) {
            for (int i = 0; i < 8; i++) {
                h.processElement(new Req("r" + i, null), 0);
            }
            h.endInput();
            assertThat(h.extractOutputValues()).hasSize(8);
            assertThat(BATCHES).containsExactly(4, 4);
        }
    }

    @Test
    void aVersionThatFailsToLoadBecomesOneDeadLetterPerSubtaskAndTheOldOneKeepsServing()
            throws Exception {
        ModelVersion v1 = version("1", "alpha");
        ModelVersion badSha =
                new ModelVersion("tagger", "2", version("2", "beta").uri(), "ff".repeat(32));
        ModelVersion empty = version("3", " ");
        // two workers: a failed version is still reported once
        try (var h = harness(v1, new ServingSettings(2, 1, 0, TIMEOUT_MS), null)) {
            h.processElement(new Req("a", badSha), 0);
            h.processElement(new Req("b", badSha), 0);
            h.processElement(new Req("c", empty), 0);
            h.processElement(new Req("d", empty), 0);
            h.endInput();
            List<String> out = h.extractOutputValues();
            assertThat(out)
                    .filteredOn(s -> !s.startsWith("dead:"))
                    .containsExactlyInAnyOrder("1:alpha:a", "1:alpha:b", "1:alpha:c", "1:alpha:d");
            // the two letters may ride on one answer or on two (whichever comes next): count
            // letters
            List<String> dead =
                    out.stream()
                            .filter(s -> s.startsWith("dead:"))
                            .flatMap(s -> Arrays.stream(s.substring(5).split(LETTER_SEPARATOR)))
                            .map(s -> "dead:" + s)
                            .toList();
            assertThat(dead).hasSize(2);
            assertThat(dead)
                    .anySatisfy(
                            d ->
                                    assertThat(d)
                                            .startsWith("dead:model-load/CHECKSUM/")
                                            .contains("still serving tagger@1"))
                    .anySatisfy(d -> assertThat(d).startsWith("dead:model-load/SMOKE_TEST/"));
        }
    }

    @Test
    void aRequestNotAnsweredInTimeBecomesItsTimeoutOutcomeOnceAndIsNeverServedLate()
            throws Exception {
        gate = new CountDownLatch(1);
        ModelVersion slow = version("1", "slow");
        try (var h = harness(slow, new ServingSettings(1, 1, 0, TIMEOUT_MS), null)) {
            h.processElement(new Req("x", null), 0); // the worker blocks on it
            h.processElement(new Req("y", null), 0); // waits behind it
            awaitInModel("x");
            h.setProcessingTime(TIMEOUT_MS + 1);
            AsyncHarness.processMail(h);
            assertThat(h.extractOutputValues())
                    .containsExactlyInAnyOrder(
                            "timeout:x after " + TIMEOUT_MS, "timeout:y after " + TIMEOUT_MS);
            gate.countDown(); // x finishes late: its answer is dropped; y is skipped
            h.endInput();
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(SEEN).containsExactly("x");
        }
    }

    @Test
    void aSwapFailureIsNotLostWhenTheRequestThatFoundItTimesOut() throws Exception {
        gate = new CountDownLatch(1);
        ModelVersion slow = version("1", "slow");
        ModelVersion empty = version("2", " ");
        try (var h = harness(slow, new ServingSettings(1, 1, 0, TIMEOUT_MS), null)) {
            h.processElement(new Req("x", empty), 0); // the swap fails; x then blocks in v1
            awaitInModel("x");
            h.setProcessingTime(TIMEOUT_MS + 1);
            AsyncHarness.processMail(h);
            gate.countDown();
            h.endInput();
            assertThat(h.extractOutputValues())
                    .hasSize(2)
                    .contains("timeout:x after " + TIMEOUT_MS)
                    .anySatisfy(d -> assertThat(d).startsWith("dead:model-load/SMOKE_TEST/"));
        }
    }

    @Test
    void requestsInFlightAtACheckpointAreServedAfterTheRestore() throws Exception {
        gate = new CountDownLatch(1);
        ModelVersion slow = version("1", "slow");
        ModelVersion fast = version("2", "alpha");
        ServingSettings serving = new ServingSettings(1, 1, 0, 60_000);
        OperatorSubtaskState snapshot;
        var h = harness(slow, serving, null);
        h.processElement(new Req("x", null), 0); // in the model when the checkpoint is taken
        h.processElement(new Req("y", fast), 0);
        snapshot = h.snapshot(1, 1);
        assertThat(h.extractOutputValues()).isEmpty();
        h.close(); // the failure: x and y were never answered here
        try (var restored = harness(fast, serving, snapshot)) {
            restored.endInput();
            assertThat(restored.extractOutputValues())
                    .containsExactlyInAnyOrder("2:alpha:x", "2:alpha:y");
        }
    }
}
