package io.medstream.training.samunet.bench;

import io.medstream.models.samunet.SamUnetVariant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench sam} on the tiny variant: every figure present, the decoder split covers every
 * stage.
 */
class SamUnetBenchmarkTest {

    @Test
    @SuppressWarnings("unchecked")
    void reportsEncoderDecoderAndTheDecoderSplitByStage() throws Exception {
        Map<String, Object> r = SamUnetBenchmark.run(SamUnetVariant.TINY, new int[] {1}, 1, 3, 5);
        assertThat((Double) r.get("matmulGflops")).isPositive();
        List<Map<String, Object>> enc = (List<Map<String, Object>>) r.get("encoder");
        assertThat(enc).hasSize(1);
        assertThat((Double) enc.get(0).get("msPerImageBest")).isPositive();
        Map<String, Object> dec = (Map<String, Object>) r.get("decoder");
        assertThat(dec).containsKeys("msFor1Boxes", "msFor3Boxes", "msPerBoxAt3");
        Map<String, Map<String, Double>> parts =
                (Map<String, Map<String, Double>>) r.get("decoderPartsMs");
        assertThat(parts).containsOnlyKeys("1Box", "3Boxes");
        for (Map<String, Double> p : parts.values()) {
            assertThat(p)
                    .containsOnlyKeys(
                            "promptsAndInputs",
                            "transformer",
                            "upscaling",
                            "maskFeatures",
                            "hypernetwork",
                            "logits");
            assertThat(p.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
        }
    }
}
