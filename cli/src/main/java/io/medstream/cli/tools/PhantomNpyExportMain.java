package io.medstream.cli.tools;

import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.inference.NpyWriter;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.training.samunet.bench.PhantomNpyExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs {@link PhantomNpyExport#export}: {@code SEED COUNT OUT_DIR} (inputs of tools/samunet_bf16_reference.py). */
public final class PhantomNpyExportMain {
    private PhantomNpyExportMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PhantomNpyExport SEED COUNT OUT_DIR");
            System.exit(2);
        }
        long seed = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        System.out.println("wrote " + PhantomNpyExport.export(seed, count, out) + " phantoms to " + out);
    }
}
