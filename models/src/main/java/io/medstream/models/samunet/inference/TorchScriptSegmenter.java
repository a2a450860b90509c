package io.medstream.models.samunet.inference;

import ai.djl.Device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * SAM-UNet run from two TorchScript files on DJL's PyTorch engine ({@code encoder.pt}, {@code
 * decoder.pt}, exported by {@code tools/samunet_torchscript_fixtures.py}; see docs/MODELS.md). The
 * preprocessing, prompt batching and post-processing are the native backend's ({@link
 * SegmentationPipeline}), so for the same weights both give the same outputs up to float rounding.
 *
 * <p>Not thread-safe: one segmenter per thread (each loads its own copy of the modules).
 */
public final class TorchScriptSegmenter extends PipelineSegmenter {

    /** File names looked up by {@link #load(Path)}. */
    public static final String ENCODER_FILE = "encoder.pt";

    public static final String DECODER_FILE = "decoder.pt";

    private TorchScriptSegmenter(TorchScriptBackend backend, Device device) {
        super(backend, device);
    }

    /**
     * Loads {@code dir/encoder.pt} and {@code dir/decoder.pt} on the CPU.
     *
     * @throws IOException when a file is missing (the message names it) or libtorch cannot read it
     */
    public static TorchScriptSegmenter load(Path dir) throws IOException {
        return load(dir.resolve(ENCODER_FILE), dir.resolve(DECODER_FILE));
    }

    /** Loads two explicitly named {@code .pt} files on the CPU. */
    public static TorchScriptSegmenter load(Path encoderFile, Path decoderFile) throws IOException {
        Device device = Device.cpu();
        return new TorchScriptSegmenter(
                TorchScriptBackend.load(encoderFile, decoderFile, device), device);
    }
}
