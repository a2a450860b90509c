package io.medstream.models.samunet.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TorchScript backend: two modules traced with the wrapper signatures of docs/sam-unet.md §10,
 * run by DJL's PyTorch engine (each loaded as a {@code PtSymbolBlock}).
 *
 * <ul>
 *   <li>encoder: image {@code [B,3,256,256]} → (embeddings {@code [B,P,16,16]}, multi_scale {@code
 *       [B,P/8,64,64]})
 *   <li>decoder: embeddings {@code [1,P,16,16]}, multi_scale {@code [1,P/8,64,64]}, coords {@code
 *       [N,K,2]}, labels {@code [N,K]} → low-res logits {@code [N,1,64,64]}
 * </ul>
 */
final class TorchScriptBackend implements SegmentationBackend {

    /** The traced files freeze the input side (window padding, rel-pos indices depend on it). */
    static final int IMAGE_SIZE = 256;

    private final Model encoderModel;
    private final Model decoderModel;
    private final Block encoder;
    private final Block decoder;
    private final NDManager manager;
    // TorchScript modules carry their own parameters; the store is only part of DJL's forward
    // signature
    private final ParameterStore ps;

    private TorchScriptBackend(Model encoderModel, Model decoderModel) {
        this.encoderModel = encoderModel;
        this.decoderModel = decoderModel;
        this.encoder = encoderModel.getBlock();
        this.decoder = decoderModel.getBlock();
        this.manager = NDManager.newBaseManager(encoderModel.getNDManager().getDevice());
        this.ps = new ParameterStore(manager, false);
    }

    /**
     * Loads both files on {@code device}; a missing or unreadable file is an IOException naming it.
     */
    static TorchScriptBackend load(Path encoderFile, Path decoderFile, Device device)
            throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path f : List.of(encoderFile, decoderFile)) {
            if (!Files.isRegularFile(f)) {
                missing.add(f.toAbsolutePath().toString());
            }
        }
        if (!missing.isEmpty()) {
            // name every missing file at once, not one per attempt
            throw new IOException(
                    "SAM-UNet TorchScript file(s) missing: "
                            + String.join(", ", missing)
                            + " (export them with tools/samunet_torchscript_fixtures.py)");
        }
        Model enc = loadModule("samunet-encoder", encoderFile, device);
        try {
            return new TorchScriptBackend(enc, loadModule("samunet-decoder", decoderFile, device));
        } catch (IOException | RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    private static Model loadModule(String name, Path file, Device device) throws IOException {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".pt")) {
            // DJL's PtModel appends ".pt" to any other name
            throw new IOException("SAM-UNet TorchScript file must end in .pt: " + file);
        }
        Model model = Model.newInstance(name, device, "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), fileName);
            return model;
        } catch (MalformedModelException | EngineException e) {
            model.close();
            // e.g. a file saved by a newer torch than the engine's libtorch, or not TorchScript at
            // all
            throw new IOException("cannot load TorchScript " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public int imageSize() {
        return IMAGE_SIZE;
    }

    @Override
    public NDList encode(NDArray images) {
        NDList out = encoder.forward(ps, new NDList(images), false);
        if (out.size() != 2) {
            throw new IllegalStateException(
                    "encoder.pt must return (image_embeddings, multi_scale); returned "
                            + out.size()
                            + " tensors");
        }
        return out;
    }

    @Override
    public NDArray decode(NDArray embeddings, NDArray multiScale, NDArray coords, NDArray labels) {
        return decoder.forward(ps, new NDList(embeddings, multiScale, coords, labels), false)
                .singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
        decoderModel.close();
        encoderModel.close();
    }
}
