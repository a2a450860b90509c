package io.medstream.training.samunet.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.prompt.Prompts;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.training.samunet.eval.DiceStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bf16 on CPU, meant to run in a <b>child JVM</b> (bf16 has aborted the JVM in DJL before; see
 * docs/stack.md §10b). Loads a model (folder, or the shipped tiny model), measures fp32 encoder
 * time and box-prompt Dice on {@code count} phantoms, then casts every parameter to BFLOAT16 in
 * place ({@code Parameter.getArray().toType} + {@code set} is impossible across dtypes, so the
 * block is re-initialised in bf16 and the values copied) and repeats with bf16 inputs. Prints one
 * JSON line.
 *
 * <p>Args: {@code MODEL_DIR|shipped COUNT SEED}.
 */
public final class Bf16Probe {

    private Bf16Probe() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        try (SamUnetPredictor model =
                "shipped".equals(args[0])
                        ? SamUnetPredictor.load(SamUnetPredictor.Options.shipped())
                        : SamUnetPredictor.load(
                                SamUnetPredictor.Options.checkpoint(Path.of(args[0])))) {
            double[] fp32 = run(model.block(), model.parameters(), DataType.FLOAT32, count, seed);
            System.out.printf(
                    Locale.ROOT,
                    "{\"stage\":\"fp32\",\"encoderMs\":%.1f,\"meanDice\":%.4f}%n",
                    fp32[0],
                    fp32[1]);
            System.out.flush();
            SamUnetBlock block = model.block();
            for (Pair<String, Parameter> p : block.getParameters()) {
                Parameter param = p.getValue();
                NDArray bf = param.getArray().toType(DataType.BFLOAT16, true);
                bf.attach(model.parameters());
                param.close();
                param.setArray(bf);
            }
            double[] bf16 = run(block, model.parameters(), DataType.BFLOAT16, count, seed);
            System.out.printf(
                    Locale.ROOT,
                    "{\"stage\":\"bf16\",\"encoderMs\":%.1f,\"meanDice\":%.4f,\"fp32EncoderMs\":%.1f,\"fp32MeanDice\":%.4f}%n",
                    bf16[0],
                    bf16[1],
                    fp32[0],
                    fp32[1]);
        }
    }

    /** {mean encoder ms (after one warm-up), mean box Dice} over the phantoms. */
    static double[] run(SamUnetBlock block, NDManager parent, DataType type, int count, long seed) {
        PhantomGenerator gen = new PhantomGenerator();
        SamPreprocessor pre = new SamPreprocessor();
        ParameterStore ps = new ParameterStore(parent, false);
        List<Double> dice = new ArrayList<>();
        double encMs = 0;
        for (int i = 0; i <= count; i++) {
            PhantomSlice slice = gen.generate(seed, i % Math.max(1, count));
            SamInput in = PhantomTargets.input(slice, pre);
            List<PhantomTargets.Target> targets = PhantomTargets.targets(slice);
            try (NDManager m = parent.newSubManager()) {
                NDArray img = m.create(in.chw(), new Shape(1, 3, 256, 256)).toType(type, false);
                long t0 = System.nanoTime();
                NDList enc = block.encode(ps, img, false);
                enc.get(0).toType(DataType.FLOAT32, false).toFloatArray();
                if (i > 0) {
                    encMs += (System.nanoTime() - t0) / 1e6;
                } else {
                    continue;
                }
                float[][] boxes = new float[targets.size()][];
                for (int j = 0; j < boxes.length; j++) {
                    int[] b = targets.get(j).box();
                    double[] mb = in.geometry().transformBox(new double[] {b[0], b[1], b[2], b[3]});
                    boxes[j] =
                            new float[] {
                                (float) mb[0], (float) mb[1], (float) mb[2], (float) mb[3]
                            };
                }
                NDList p = Prompts.boxes(m, boxes);
                NDArray logits =
                        block.decode(
                                        ps,
                                        enc.get(0),
                                        enc.get(1),
                                        p.get(0).toType(type, false),
                                        p.get(1).toType(type, false),
                                        false)
                                .toType(DataType.FLOAT32, false);
                float[] flat = logits.toFloatArray();
                for (int j = 0; j < boxes.length; j++) {
                    float[] one = new float[4096];
                    System.arraycopy(flat, j * 4096, one, 0, 4096);
                    boolean[] mask =
                            MaskPostprocessor.lowResLogitsToMask(one, 64, 64, in.geometry());
                    dice.add(DiceStats.dice(mask, targets.get(j).mask()));
                }
            }
        }
        return new double[] {encMs / count, DiceStats.mean(dice)};
    }
}
