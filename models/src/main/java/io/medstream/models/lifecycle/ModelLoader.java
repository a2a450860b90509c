package io.medstream.models.lifecycle;

/**
 * Loads one model version and checks that it works. Implementations exist per model kind
 * (segmentation, drafter, scorer); {@link ModelSlot} calls them when a new version is announced.
 *
 * @param <M> the loaded model; closing it releases its native memory
 */
public interface ModelLoader<M extends AutoCloseable> {

    /** Loads the weights at {@code version.uri()}, whose SHA-256 has already been verified. */
    M load(ModelVersion version) throws Exception;

    /** Runs one small inference and throws if the result is unusable (NaN, wrong shape, ...). */
    void smokeTest(M model) throws Exception;
}
