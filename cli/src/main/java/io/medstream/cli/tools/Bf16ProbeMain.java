package io.medstream.cli.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.training.samunet.bench.Bf16Probe;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs {@link Bf16Probe}: {@code SHIPPED|MODEL_DIR COUNT SEED}; prints one JSON line per precision.
 */
public final class Bf16ProbeMain {
    private Bf16ProbeMain() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        try (SamUnetPredictor model =
                "shipped".equals(args[0])
                        ? SamUnetPredictor.load(SamUnetPredictor.Options.shipped())
                        : SamUnetPredictor.load(
                                SamUnetPredictor.Options.checkpoint(Path.of(args[0])))) {
            double[] fp32 =
                    Bf16Probe.run(model.block(), model.parameters(), DataType.FLOAT32, count, seed);
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
            double[] bf16 =
                    Bf16Probe.run(block, model.parameters(), DataType.BFLOAT16, count, seed);
            System.out.printf(
                    Locale.ROOT,
                    "{\"stage\":\"bf16\",\"encoderMs\":%.1f,\"meanDice\":%.4f,\"fp32EncoderMs\":%.1f,\"fp32MeanDice\":%.4f}%n",
                    bf16[0],
                    bf16[1],
                    fp32[0],
                    fp32[1]);
        }
    }
}
