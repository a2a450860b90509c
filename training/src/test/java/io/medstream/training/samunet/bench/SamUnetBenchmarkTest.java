package io.medstream.training.samunet.bench;

import io.medstream.models.samunet.SamUnetVariant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code bench sam} on the tiny variant: values, not only keys — batch sizes as requested, timings
 * positive, finite and consistent, derived figures computed from them as documented.
 */
class SamUnetBenchmarkTest {

    private static void positiveFinite(Object v) {
        assertThat(v).isInstanceOf(Double.class);
        assertThat((Double) v).isPositive().isFinite();
    }

    @Test
    void nominalEncoderWorkIsSpec14sAndUnknownForTiny() {
        assertThat(SamUnetBenchmark.nominalGflop(SamUnetVariant.VIT_B_R34)).isEqualTo(81.0);
        assertThat(SamUnetBenchmark.nominalGflop(SamUnetVariant.VIT_B_R50)).isEqualTo(91.0);
        assertThat(SamUnetBenchmark.nominalGflop(SamUnetVariant.TINY)).isNaN();
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsConsistentEncoderDecoderAndDecoderSplitFigures() throws Exception {
        int boxes = 3;
        Map<String, Object> r =
                SamUnetBenchmark.run(SamUnetVariant.TINY, new int[] {1, 2}, 2, boxes, 5);
        assertThat(r.get("variant")).isEqualTo(SamUnetVariant.TINY.registryName());
        positiveFinite(r.get("matmulGflops"));
        assertThat(r.get("matmulSize")).isEqualTo(2048);
        assertThat(r.get("nominalGflopPerImage")).isNull(); // none for tiny

        List<Map<String, Object>> enc = (List<Map<String, Object>>) r.get("encoder");
        assertThat(enc).extracting(e -> e.get("batch")).containsExactly(1, 2);
        for (Map<String, Object> e : enc) {
            positiveFinite(e.get("msPerImageBest"));
            positiveFinite(e.get("msPerImageMean"));
            assertThat((Double) e.get("msPerImageMean"))
                    .isGreaterThanOrEqualTo((Double) e.get("msPerImageBest"));
            assertThat(e.get("gflopsBest")).isNull();
            assertThat(e.get("fractionOfMatmulPeak")).isNull();
        }

        Map<String, Object> dec = (Map<String, Object>) r.get("decoder");
        double one = (Double) dec.get("msFor1Boxes");
        double three = (Double) dec.get("msFor3Boxes");
        positiveFinite(one);
        positiveFinite(three);
        assertThat((Double) dec.get("msPerBoxAt1")).isEqualTo(one);
        assertThat((Double) dec.get("msPerBoxAt3")).isCloseTo(three / 3, within(1e-12));

        Map<String, Map<String, Double>> parts =
                (Map<String, Map<String, Double>>) r.get("decoderPartsMs");
        assertThat(parts).containsOnlyKeys("1Box", "3Boxes");
        Map<String, Double> totals = Map.of("1Box", one, "3Boxes", three);
        for (var p : parts.entrySet()) {
            assertThat(p.getValue())
                    .containsOnlyKeys(
                            "promptsAndInputs",
                            "transformer",
                            "upscaling",
                            "maskFeatures",
                            "hypernetwork",
                            "logits");
            assertThat(p.getValue().values())
                    .allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0).isFinite());
            double sum = p.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            // the parts of one decoder call add up to about one whole call (each part is forced,
            // so a little more; loose bounds for a shared CPU)
            assertThat(sum).isBetween(0.3 * totals.get(p.getKey()), 10 * totals.get(p.getKey()));
        }

        Map<String, Double> blocks = (Map<String, Double>) r.get("encoderBlocksMs");
        assertThat(blocks).containsKeys("resnet", "vit.neck", "embeddingEncoder");
        assertThat(blocks.values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());
    }
}
