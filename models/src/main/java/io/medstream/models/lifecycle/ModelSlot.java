package io.medstream.models.lifecycle;

import io.medstream.models.common.Sha256;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Holds the serving version of one model and swaps it for a new one without a gap: the new version
 * is verified (SHA-256 of its weight file), loaded beside the old one and smoke-tested; only then
 * does it replace the old one, which is closed afterwards. If any step fails, the old version keeps
 * serving and the failure is reported to the caller (who turns it into a dead letter).
 *
 * <p>Not thread-safe: one slot per model worker, used from that worker's thread only. Budget memory
 * for two models during a swap.
 *
 * @param <M> model type
 */
public final class ModelSlot<M extends AutoCloseable> implements AutoCloseable {

    /** A served model and its identity. */
    public record Serving<M>(ModelVersion version, M model) {}

    private final ModelLoader<M> loader;
    private Serving<M> current;

    public ModelSlot(ModelLoader<M> loader) {
        this.loader = Objects.requireNonNull(loader);
    }

    /** The serving model, or null before the first successful {@link #swapTo}. */
    public Serving<M> current() {
        return current;
    }

    public boolean isServing(ModelVersion v) {
        return current != null && current.version().equals(v);
    }

    /**
     * Makes {@code next} the serving version. A no-op when it already is.
     *
     * @throws ModelSwapException with the old version still serving, if verification, loading or
     *     the smoke test fail
     */
    public void swapTo(ModelVersion next) throws ModelSwapException {
        if (isServing(next)) {
            return;
        }
        verify(next);
        M loaded;
        try {
            loaded = loader.load(next);
        } catch (Exception e) {
            throw new ModelSwapException(
                    next, "LOAD", "loading " + next + " failed: " + e.getMessage(), e);
        }
        try {
            loader.smokeTest(loaded);
        } catch (Exception e) {
            closeQuietly(loaded, e);
            throw new ModelSwapException(
                    next, "SMOKE_TEST", "smoke test of " + next + " failed: " + e.getMessage(), e);
        }
        Serving<M> old = current;
        current = new Serving<>(next, loaded);
        if (old != null) {
            try {
                old.model().close();
            } catch (Exception e) {
                // The new version serves already; a close failure only leaks the old one's memory.
                LoggerFactory.getLogger(ModelSlot.class)
                        .warn("closing {} failed", old.version(), e);
            }
        }
    }

    /**
     * Checks that {@code v}'s weight file is readable and has the announced SHA-256 (reasons VERIFY
     * and CHECKSUM); {@link #swapTo} does this first, a router can do it without loading.
     */
    public static void verify(ModelVersion v) throws ModelSwapException {
        String actual;
        try {
            actual = sha256(v.uri());
        } catch (IOException e) {
            throw new ModelSwapException(
                    v, "VERIFY", "cannot read " + v.uri() + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(v.sha256())) {
            throw new ModelSwapException(
                    v,
                    "CHECKSUM",
                    "sha256 of " + v.uri() + " is " + actual + ", announced " + v.sha256(),
                    null);
        }
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            M m = current.model();
            current = null;
            m.close();
        }
    }

    /**
     * SHA-256 of the file behind a {@code file:} URI or a plain path, streamed (weights can be
     * large).
     */
    public static String sha256(String uri) throws IOException {
        return Sha256.hex(ModelVersion.pathOf(uri));
    }

    private static void closeQuietly(AutoCloseable c, Exception primary) {
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
