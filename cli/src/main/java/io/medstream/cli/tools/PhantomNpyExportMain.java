package io.medstream.cli.tools;

import io.medstream.training.samunet.bench.PhantomNpyExport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link PhantomNpyExport#export}: {@code SEED COUNT OUT_DIR} (inputs of
 * tools/samunet_bf16_reference.py).
 */
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
        System.out.println(
                "wrote " + PhantomNpyExport.export(seed, count, out) + " phantoms to " + out);
    }
}
