package io.medstream.models.samunet.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.function.Supplier;

/**
 * The two model calls of SAM-UNet, without any pre- or post-processing: what differs between the
 * native DJL blocks and TorchScript. Outputs may live in any manager; {@link SegmentationPipeline}
 * attaches them to its per-call manager.
 */
interface SegmentationBackend extends AutoCloseable {

    /** Input side S (256): the encoder takes {@code [B,3,S,S]}. */
    int imageSize();

    /**
     * Image encoder.
     *
     * @param images normalised, padded {@code [B,3,S,S]}
     * @return NDList(embeddings {@code [B,P,G,G]}, multi_scale {@code [B,P/8,4G,4G]})
     */
    NDList encode(NDArray images);

    /**
     * Prompt encoder + mask decoder for the prompts of one image.
     *
     * @param embeddings {@code [1,P,G,G]}
     * @param multiScale {@code [1,P/8,4G,4G]}
     * @param coords {@code [N,K,2]} (x,y) in the resized S frame
     * @param labels {@code [N,K]} f32 (−1 pad, 0/1 points, 2/3 box corners)
     * @return low-res logits {@code [N,1,4G,4G]}
     */
    NDArray decode(NDArray embeddings, NDArray multiScale, NDArray coords, NDArray labels);

    /** Runs one whole call (encode + decodes) with whatever exclusivity the backend needs. */
    default <T> T exclusive(Supplier<T> body) {
        return body.get();
    }

    @Override
    void close();
}
