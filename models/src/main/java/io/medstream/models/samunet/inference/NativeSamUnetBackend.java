package io.medstream.models.samunet.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.SamUnetBlock;

import java.util.function.Supplier;

/**
 * The DJL-block backend: {@link SamUnetBlock#encode} / {@link SamUnetBlock#decode} of a shared
 * model.
 */
final class NativeSamUnetBackend implements SegmentationBackend {

    private final SamUnetModel model;
    private final SamUnetBlock block;
    // not a sub-manager of the model's: the model scrubs its own manager after every call
    private final NDManager manager;
    private final ParameterStore ps;

    NativeSamUnetBackend(SamUnetModel model) {
        this.model = model;
        this.block = model.block();
        this.manager = NDManager.newBaseManager(model.manager().getDevice());
        this.ps = new ParameterStore(manager, false);
    }

    @Override
    public int imageSize() {
        return block.getConfig().imageSize();
    }

    @Override
    public NDList encode(NDArray images) {
        return block.encode(ps, images, false);
    }

    @Override
    public NDArray decode(NDArray embeddings, NDArray multiScale, NDArray coords, NDArray labels) {
        return block.decode(ps, embeddings, multiScale, coords, labels, false);
    }

    /**
     * Serialised per model; temporaries left in the parameters' manager are scrubbed afterwards.
     */
    @Override
    public <T> T exclusive(Supplier<T> body) {
        return model.exclusive(body);
    }

    @Override
    public void close() {
        manager.close();
    }
}
