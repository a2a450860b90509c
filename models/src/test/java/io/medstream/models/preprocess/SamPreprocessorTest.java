package io.medstream.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.medstream.dicom.image.ScanImage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamPreprocessorTest {

    private static final int T = 256;
    private static final int PLANE = T * T;

    @Test
    void normalisesPerChannelAndPadsWithZeros() {
        // 2×1 grey image [0, 255] → upscaled to 256×128, corners keep the extreme levels.
        SamInput in = new SamPreprocessor().fromGrey(new int[] {0, 255}, 2, 1);
        assertThat(in.chw()).hasSize(3 * PLANE);
        assertThat(in.geometry().resizedRows()).isEqualTo(256);
        assertThat(in.geometry().resizedCols()).isEqualTo(128);
        // top-left is grey 0: (0 - mean)/std per channel
        assertThat(in.chw()[0]).isCloseTo(-123.675f / 58.395f, within(1e-6f));
        assertThat(in.chw()[PLANE]).isCloseTo(-116.28f / 57.12f, within(1e-6f));
        assertThat(in.chw()[2 * PLANE]).isCloseTo(-103.53f / 57.375f, within(1e-6f));
        // bottom row is grey 255
        int bottomLeft = 255 * T;
        assertThat(in.chw()[bottomLeft]).isCloseTo((255 - 123.675f) / 58.395f, within(1e-6f));
        assertThat(in.chw()[2 * PLANE + bottomLeft])
                .isCloseTo((255 - 103.53f) / 57.375f, within(1e-6f));
        // columns 128..255 are padding: exactly zero in every channel
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < T; r++) {
                for (int x = 128; x < T; x++) {
                    assertThat(in.chw()[c * PLANE + r * T + x]).isZero();
                }
            }
        }
    }

    @Test
    void tensorRegionEqualsNormalisedPillowResize() {
        for (JsonNode c : GoldenFixtures.manifest().get("pilResize")) {
            int inR = c.get("inRows").asInt();
            int inC = c.get("inCols").asInt();
            int outR = c.get("outRows").asInt();
            int outC = c.get("outCols").asInt();
            int[] expected = GoldenFixtures.u8(c.get("expected").asText());
            SamInput in =
                    new SamPreprocessor()
                            .fromGrey(GoldenFixtures.u8(c.get("input").asText()), inR, inC);
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < T; r++) {
                    for (int x = 0; x < T; x++) {
                        float want =
                                r < outR && x < outC
                                        ? (expected[r * outC + x] - SamPreprocessor.PIXEL_MEAN[ch])
                                                / SamPreprocessor.PIXEL_STD[ch]
                                        : 0f;
                        float got = in.chw()[ch * PLANE + r * T + x];
                        if (got != want) {
                            throw new AssertionError(
                                    c.get("name")
                                            + " c"
                                            + ch
                                            + " r"
                                            + r
                                            + " x"
                                            + x
                                            + ": "
                                            + got
                                            + " != "
                                            + want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fullPipelineFromHuUsesTheCtWindow() {
        double[] hu = {-1000, 40, 240, -160};
        SamInput in =
                new SamPreprocessor()
                        .preprocess(
                                new ScanImage(hu, 2, 2, "CT", null, false, null, null, null, 0));
        // 2×2 → 256×256 upscaled: the top-left output pixel equals input (0,0) = grey 0 (air)
        assertThat(in.chw()[0]).isCloseTo(-123.675f / 58.395f, within(1e-6f));
        // corners copy the input corners exactly when enlarging 2→256 (one tap each):
        // bottom-right (1,1) = -160 HU → 0; top-right (0,1) = 40 HU → 128; bottom-left (1,0) = 240
        // HU → 255
        assertThat(in.chw()[PLANE - 1]).isCloseTo(-123.675f / 58.395f, within(1e-6f));
        assertThat(in.chw()[T - 1]).isCloseTo((128 - 123.675f) / 58.395f, within(1e-6f));
        assertThat(in.chw()[(T - 1) * T]).isCloseTo((255 - 123.675f) / 58.395f, within(1e-6f));
    }
}
