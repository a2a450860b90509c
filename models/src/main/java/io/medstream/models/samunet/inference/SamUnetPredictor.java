package io.medstream.models.samunet.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.prompt.Prompts;

/**
 * Encode once, decode many box prompts (cf. segment-anything's {@code SamPredictor}).
 *
 * <p>{@link #setImage} runs the image encoder on a ready, normalised and padded CHW image and keeps
 * the per-image cache (embeddings {@code [1,256,16,16]} + multi-scale {@code [1,32,64,64]}, 768 KB
 * for ViT-B) in a private NDManager; {@link #predictBoxes} runs only prompt encoder + decoder.
 * Returns <b>low-res logits</b> {@code [N][64·64]} (row-major 64×64); upsampling, crop and the
 * {@code > 0} threshold (spec §7) belong to post-processing.
 *
 * <p>Not thread-safe: use one predictor per thread over a shared, initialised {@link SamUnetBlock}
 * with weights loaded.
 */
public final class SamUnetPredictor implements AutoCloseable {

    private final SamUnetBlock block;
    private final NDManager manager;
    private final ParameterStore ps;
    private final int imageSize;
    private NDManager imageManager;
    private NDArray embeddings;
    private NDArray multiScale;

    /**
     * @param block initialised block with weights loaded
     * @param parent manager whose device is used; the predictor owns a sub-manager of it
     */
    public SamUnetPredictor(SamUnetBlock block, NDManager parent) {
        this.block = block;
        this.manager = parent.newSubManager();
        this.ps = new ParameterStore(manager, false);
        this.imageSize = block.getConfig().imageSize();
    }

    /**
     * Encodes one image.
     *
     * @param chw normalised, bottom/right zero-padded image, CHW, length {@code 3·S·S} (S = 256)
     */
    public void setImage(float[] chw) {
        int expected = 3 * imageSize * imageSize;
        if (chw.length != expected) {
            throw new IllegalArgumentException(
                    "expected a 3x"
                            + imageSize
                            + "x"
                            + imageSize
                            + " CHW image ("
                            + expected
                            + " floats), got "
                            + chw.length);
        }
        resetImage();
        imageManager = manager.newSubManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray image = scratch.create(chw, new Shape(1, 3, imageSize, imageSize));
            NDList enc = block.encode(ps, image, false);
            // keep only the cache; intermediate activations die with the scratch manager
            embeddings = enc.get(0);
            multiScale = enc.get(1);
            embeddings.attach(imageManager);
            multiScale.attach(imageManager);
        }
    }

    /** Whether {@link #setImage} has been called since construction or the last reset. */
    public boolean isImageSet() {
        return embeddings != null;
    }

    /**
     * Decodes N box prompts against the current image.
     *
     * @param boxes {@code boxes[n] = {x0,y0,x1,y1}} in the resized 256-px frame
     * @return low-res logits, {@code [N][64·64]}
     */
    public float[][] predictBoxes(float[][] boxes) {
        if (!isImageSet()) {
            throw new IllegalStateException("call setImage(...) before predictBoxes(...)");
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList prompts = Prompts.boxes(scratch, boxes);
            NDArray logits =
                    block.decode(ps, embeddings, multiScale, prompts.get(0), prompts.get(1), false);
            logits.attach(scratch);
            int n = boxes.length;
            int side = (int) logits.getShape().get(2) * (int) logits.getShape().get(3);
            float[] flat = logits.toFloatArray();
            float[][] out = new float[n][side];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * side, out[i], 0, side);
            }
            return out;
        }
    }

    /** Drops the cached image embeddings. */
    public void resetImage() {
        if (imageManager != null) {
            imageManager.close();
            imageManager = null;
        }
        embeddings = null;
        multiScale = null;
    }

    @Override
    public void close() {
        resetImage();
        manager.close();
    }
}
