package io.medstream.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.medstream.dicom.image.DisplayWindow;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowingTest {

    @Test
    void ctSoftTissueWindowOnKnownHu() {
        // 40/400: lower edge -160 HU → 0, upper edge 240 HU → 255; g = floor((x+160)/400·255 +
        // 0.5).
        double[] hu = {-1000, -160, 0, 40, 100, 240, 1000};
        int[] g = Windowing.window(hu, new DisplayWindow(40, 400), false);
        // 0 HU: 160/400·255 = 102 → 102; 40 HU: 127.5 → 128; 100 HU: 165.75 → 166
        assertThat(g).containsExactly(0, 0, 102, 128, 166, 255, 255);
    }

    @Test
    void ctWithoutTagsUsesSoftTissueDefaultAndTagsOverrideIt() {
        double[] hu = {-500, -140, 220, 1300};
        // 40/400: -140 → 20/400·255 = 12.75 → 13; 220 → 380/400·255 = 242.25 → 242
        assertThat(Windowing.toGrey(hu, "CT", null, false)).containsExactly(0, 13, 242, 255);
        // Bone window 400/1800, lower edge -500: -140 → 0.2·255 = 51; 220 → 0.4·255 = 102
        assertThat(Windowing.toGrey(hu, "CT", new DisplayWindow(400, 1800), false))
                .containsExactly(0, 51, 102, 255);
    }

    @Test
    void monochrome1IsInvertedBeforeWindowing() {
        double[] hu = {-160, 0, 100, 240};
        int[] normal = Windowing.window(hu, DisplayWindow.CT_SOFT_TISSUE, false);
        int[] inverted = Windowing.window(hu, DisplayWindow.CT_SOFT_TISSUE, true);
        // no exact half levels here, so inversion equals 255 - g
        for (int i = 0; i < hu.length; i++) {
            assertThat(inverted[i]).isEqualTo(255 - normal[i]);
        }
        double[] mr = new double[1000];
        for (int i = 0; i < mr.length; i++) {
            mr[i] = (i * 7919) % 1000 + 0.3;
        }
        int[] mrNormal = Windowing.robustMinMax(mr, false);
        int[] mrInverted = Windowing.robustMinMax(mr, true);
        for (int i = 0; i < mr.length; i++) {
            assertThat(mrInverted[i] + mrNormal[i]).isBetween(254, 256);
        }
    }

    @Test
    void percentileMatchesNumpyLinearDefinition() {
        double[] a = new double[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i + 1; // 1..100
        }
        // numpy: np.percentile(np.arange(1,101), [0.5, 50, 99.5]) = [1.495, 50.5, 99.505]
        assertThat(Windowing.percentile(a, 0.5)).isCloseTo(1.495, Assertions.within(1e-12));
        assertThat(Windowing.percentile(a, 50)).isEqualTo(50.5);
        assertThat(Windowing.percentile(a, 99.5)).isCloseTo(99.505, Assertions.within(1e-12));
        assertThat(Windowing.percentile(a, 100)).isEqualTo(100.0);
        assertThat(Windowing.percentile(a, 0)).isEqualTo(1.0);
        assertThat(Windowing.percentile(new double[] {7}, 99.5)).isEqualTo(7.0);
    }

    @Test
    void mrUsesRobustMinMaxAndConstantImageIsBlack() {
        double[] values = new double[201];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        values[200] = 1e6; // outlier above P99.5 must clamp to 255 and not compress the rest
        int[] g = Windowing.toGrey(values, "MR", new DisplayWindow(40, 400), false);
        assertThat(g[0]).isZero();
        assertThat(g[100]).isBetween(120, 135);
        assertThat(g[200]).isEqualTo(255);
        assertThat(Windowing.toGrey(new double[] {5, 5, 5}, "MR", null, false))
                .containsExactly(0, 0, 0);
    }

    @Test
    void matchesNumpyGolden() {
        JsonNode c = GoldenFixtures.manifest().get("windowing").get(0);
        float[] in = GoldenFixtures.f32(c.get("input").asText());
        double[] values = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            values[i] = in[i];
        }
        int[] ct =
                Windowing.window(
                        values,
                        new DisplayWindow(
                                c.get("ctCenter").asDouble(), c.get("ctWidth").asDouble()),
                        false);
        assertThat(ct).containsExactly(GoldenFixtures.u8(c.get("ct").asText()));

        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(Windowing.percentile(sorted, 0.5)).isEqualTo(c.get("p005").asDouble());
        assertThat(Windowing.percentile(sorted, 99.5)).isEqualTo(c.get("p995").asDouble());
        assertThat(Windowing.toGrey(values, "MR", null, false))
                .containsExactly(GoldenFixtures.u8(c.get("robust").asText()));
    }

    @Test
    void rejectsDegenerateWindow() {
        assertThatThrownBy(() -> new DisplayWindow(40, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
