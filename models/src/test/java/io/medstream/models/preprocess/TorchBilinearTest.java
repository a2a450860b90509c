package io.medstream.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TorchBilinearTest {

    @Test
    void twoByTwoToFourByFourHandComputed() {
        // align_corners=False, scale 0.5: source coords -0.25→0 (clamped), 0.25, 0.75,
        // 1.25→i0=1,i1=1.
        // Per axis [a, b] → [a, .75a+.25b, .25a+.75b, b]; exact in float for these inputs.
        float[] in = {0f, 4f, 8f, 12f};
        float[] out = TorchBilinear.resize(in, 2, 2, 4, 4);
        assertThat(out)
                .containsExactly(0f, 1f, 3f, 4f, 2f, 3f, 5f, 6f, 6f, 7f, 9f, 10f, 8f, 9f, 11f, 12f);
    }

    @Test
    void matchesNumpyReferenceOfAtenKernel() {
        JsonNode cases = GoldenFixtures.manifest().get("bilinear");
        assertThat(cases.size()).isGreaterThanOrEqualTo(4);
        for (JsonNode c : cases) {
            int inR = c.get("inRows").asInt();
            int inC = c.get("inCols").asInt();
            int outR = c.get("outRows").asInt();
            int outC = c.get("outCols").asInt();
            float[] in = GoldenFixtures.f32(c.get("input").asText());
            float[] expected = GoldenFixtures.f32(c.get("expected").asText());
            assertThat(expected).hasSize(outR * outC);
            float[] actual = TorchBilinear.resize(in, inR, inC, outR, outC);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i])
                        .as("%s[%d]", c.get("name"), i)
                        .isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void reproducesLinearRampsAwayFromTheBorder() {
        // Bilinear interpolation is exact on affine functions wherever no clamping happens.
        int n = 16;
        float[] in = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                in[r * n + c] = 2f * r + 3f * c;
            }
        }
        int m = 64;
        float[] out = TorchBilinear.resize(in, n, n, m, m);
        float s = (float) n / m;
        for (int r = 4; r < m - 4; r++) {
            for (int c = 4; c < m - 4; c++) {
                float sr = s * (r + 0.5f) - 0.5f;
                float sc = s * (c + 0.5f) - 0.5f;
                assertThat(out[r * m + c]).isCloseTo(2f * sr + 3f * sc, within(1e-4f));
            }
        }
    }
}
