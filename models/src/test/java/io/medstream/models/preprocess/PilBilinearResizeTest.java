package io.medstream.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PilBilinearResizeTest {

    @Test
    void matchesPillowBilinearOnEveryGoldenCase() {
        JsonNode cases = GoldenFixtures.manifest().get("pilResize");
        assertThat(cases.size()).isGreaterThanOrEqualTo(6);
        for (JsonNode c : cases) {
            int inR = c.get("inRows").asInt();
            int inC = c.get("inCols").asInt();
            int outR = c.get("outRows").asInt();
            int outC = c.get("outCols").asInt();
            int[] in = GoldenFixtures.u8(c.get("input").asText());
            int[] expected = GoldenFixtures.u8(c.get("expected").asText());
            assertThat(in).hasSize(inR * inC);
            assertThat(expected).hasSize(outR * outC);

            ResizeGeometry g = ResizeGeometry.samUnet(inR, inC);
            assertThat(g.resizedRows()).as("newH of %s", c.get("name")).isEqualTo(outR);
            assertThat(g.resizedCols()).as("newW of %s", c.get("name")).isEqualTo(outC);

            int[] actual = PilBilinearResize.resize(in, inR, inC, outR, outC);
            int mismatches = 0;
            int maxDiff = 0;
            for (int i = 0; i < actual.length; i++) {
                int d = Math.abs(actual[i] - expected[i]);
                if (d != 0) {
                    mismatches++;
                }
                maxDiff = Math.max(maxDiff, d);
            }
            assertThat(maxDiff)
                    .as("max |java - PIL| for %s (%d mismatches)", c.get("name"), mismatches)
                    .isZero();
        }
    }

    @Test
    void upscalingIsPlainBilinearOnAHandComputedRow() {
        // 1×2 → 1×4 enlarging: PIL centres (x+0.5)·0.5 give weights {1}, {.75,.25}, {.25,.75}, {1}
        // on [0, 200]
        // → 0, 50, 150, 200 exactly.
        int[] out = PilBilinearResize.resize(new int[] {0, 200}, 1, 2, 1, 4);
        assertThat(out).containsExactly(0, 50, 150, 200);
    }

    @Test
    void halvingAveragesWithTheWidenedTriangle() {
        // 1×4 → 1×2: scale 2, support 2; output 0 centre 1.0 taps 0..2 weights tri((x - 1 + .5)/2)
        // = .75,.75,.25
        // normalised /1.75 → [100,0,0,...]: 100·.75/1.75 = 42.857 → 43.
        int[] out = PilBilinearResize.resize(new int[] {100, 0, 0, 0}, 1, 4, 1, 2);
        assertThat(out).containsExactly(43, 0);
    }

    @Test
    void sameSizeIsACopy() {
        int[] in = {1, 2, 3, 4, 5, 6};
        int[] out = PilBilinearResize.resize(in, 2, 3, 2, 3);
        assertThat(out).containsExactly(in).isNotSameAs(in);
    }
}
