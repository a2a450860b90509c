package io.medstream.models.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSlotTest {

    @TempDir Path dir;

    /** A "model" whose weights file holds a word; "broken" fails its smoke test. */
    static final class WordModel implements AutoCloseable {
        final String word;
        boolean closed;

        WordModel(String word) {
            this.word = word;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final List<WordModel> loaded = new ArrayList<>();

    final ModelLoader<WordModel> loader =
            new ModelLoader<>() {
                @Override
                public WordModel load(ModelVersion v) throws Exception {
                    String w = Files.readString(Path.of(URI.create(v.uri())));
                    if (w.equals("unloadable")) {
                        throw new IllegalStateException("bad format");
                    }
                    WordModel m = new WordModel(w);
                    loaded.add(m);
                    return m;
                }

                @Override
                public void smokeTest(WordModel m) {
                    if (m.word.equals("broken")) {
                        throw new IllegalStateException("NaN output");
                    }
                }
            };

    private ModelVersion version(String v, String word) throws Exception {
        Path f = dir.resolve(v + ".weights");
        Files.writeString(f, word);
        return new ModelVersion("words", v, f.toUri().toString(), ModelSlot.sha256(f.toString()));
    }

    @Test
    void swapsAtomicallyAndClosesTheOldVersion() throws Exception {
        try (ModelSlot<WordModel> slot = new ModelSlot<>(loader)) {
            ModelVersion v1 = version("1", "alpha");
            slot.swapTo(v1);
            WordModel first = slot.current().model();
            slot.swapTo(v1); // no-op
            assertThat(loaded).hasSize(1);
            ModelVersion v2 = version("2", "beta");
            slot.swapTo(v2);
            assertThat(slot.current().version()).isEqualTo(v2);
            assertThat(slot.current().model().word).isEqualTo("beta");
            assertThat(first.closed).isTrue();
        }
        assertThat(loaded.get(1).closed).isTrue();
    }

    @Test
    void aFailedSwapKeepsTheOldVersionServing() throws Exception {
        ModelSlot<WordModel> slot = new ModelSlot<>(loader);
        ModelVersion v1 = version("1", "alpha");
        slot.swapTo(v1);

        ModelVersion tampered =
                new ModelVersion("words", "2", version("2", "beta").uri(), "0".repeat(64));
        assertThatThrownBy(() -> slot.swapTo(tampered))
                .isInstanceOf(ModelSwapException.class)
                .satisfies(
                        e -> assertThat(((ModelSwapException) e).reason()).isEqualTo("CHECKSUM"));
        assertThatThrownBy(() -> slot.swapTo(version("3", "unloadable")))
                .satisfies(e -> assertThat(((ModelSwapException) e).reason()).isEqualTo("LOAD"));
        assertThatThrownBy(() -> slot.swapTo(version("4", "broken")))
                .satisfies(
                        e -> assertThat(((ModelSwapException) e).reason()).isEqualTo("SMOKE_TEST"));
        assertThatThrownBy(
                        () ->
                                slot.swapTo(
                                        new ModelVersion(
                                                "words",
                                                "5",
                                                dir.resolve("missing").toUri().toString(),
                                                "x")))
                .satisfies(e -> assertThat(((ModelSwapException) e).reason()).isEqualTo("VERIFY"));

        assertThat(slot.current().version()).isEqualTo(v1);
        assertThat(slot.current().model().closed).isFalse();
        // the model that failed its smoke test was released
        assertThat(loaded.get(loaded.size() - 1).word).isEqualTo("broken");
        assertThat(loaded.get(loaded.size() - 1).closed).isTrue();
        slot.close();
    }

    @Test
    void sha256MatchesAKnownVector() throws Exception {
        Path f = dir.resolve("abc");
        Files.write(f, "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(ModelSlot.sha256(f.toUri().toString()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
