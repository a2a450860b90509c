package io.medstream.training.samunet.bench;

import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.inference.NpyWriter;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes evaluation phantoms as the model sees them, for an independent PyTorch run of the same
 * weights ({@code tools/samunet_bf16_reference.py}): per phantom i of {@code seed}, {@code
 * i.image.npy} (SAM-UNet input {@code [1,3,256,256]} float32, after {@link SamPreprocessor}),
 * {@code i.boxes.npy} (tight boxes of the targets {@code [T,4]}, x0,y0,x1,y1, x1/y1 exclusive, the
 * boxes of {@code sam eval}) and {@code i.masks.npy} (ground truth {@code [T,rows,cols]} 0/1).
 *
 * <p>{@code java ... io.medstream.training.samunet.bench.PhantomNpyExport SEED COUNT OUT_DIR}
 */
public final class PhantomNpyExport {

    private PhantomNpyExport() {}

    /** Exports phantoms 0..count−1 of {@code seed} that have targets; returns how many. */
    public static int export(long seed, int count, Path out) throws IOException {
        PhantomGenerator generator = new PhantomGenerator();
        SamPreprocessor preprocessor = new SamPreprocessor();
        int written = 0;
        for (int i = 0; i < count; i++) {
            Optional<PhantomTargets.Sample> sample =
                    PhantomTargets.sample(generator, preprocessor, seed, i);
            if (sample.isEmpty()) {
                continue;
            }
            PhantomSlice slice = sample.get().slice();
            List<PhantomTargets.Target> targets = sample.get().targets();
            SamInput input = sample.get().input();
            int s = input.geometry().target();
            NpyWriter.write(out.resolve(i + ".image.npy"), input.chw(), 1, 3, s, s);
            int t = targets.size();
            int plane = slice.rows() * slice.columns();
            float[] boxes = new float[t * 4];
            float[] masks = new float[t * plane];
            for (int j = 0; j < t; j++) {
                int[] b = targets.get(j).box();
                for (int k = 0; k < 4; k++) {
                    boxes[j * 4 + k] = b[k];
                }
                boolean[] m = targets.get(j).mask();
                for (int k = 0; k < plane; k++) {
                    masks[j * plane + k] = m[k] ? 1f : 0f;
                }
            }
            NpyWriter.write(out.resolve(i + ".boxes.npy"), boxes, t, 4);
            NpyWriter.write(out.resolve(i + ".masks.npy"), masks, t, slice.rows(), slice.columns());
            written++;
        }
        return written;
    }
}
