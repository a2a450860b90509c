package io.medstream.models.preprocess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResizeGeometryTest {

    @Test
    void longestSideShapesAsSam() {
        // 300×200: scale 256/300 → 256 × int(170.67 + .5) = 171
        ResizeGeometry g = ResizeGeometry.samUnet(300, 200);
        assertThat(g.resizedRows()).isEqualTo(256);
        assertThat(g.resizedCols()).isEqualTo(171);
        assertThat(g.scale()).isEqualTo(256.0 / 300.0);
        // upscaling 100×60 → 256 × int(153.6 + .5) = 154
        assertThat(ResizeGeometry.samUnet(100, 60).resizedCols()).isEqualTo(154);
        // 512×512 → 256×256; 37×129 → int(73.43 + .5) = 73 × 256
        assertThat(ResizeGeometry.samUnet(512, 512).resizedRows()).isEqualTo(256);
        ResizeGeometry wide = ResizeGeometry.samUnet(37, 129);
        assertThat(wide.resizedRows()).isEqualTo(73);
        assertThat(wide.resizedCols()).isEqualTo(256);
    }

    @Test
    void boxTransformScalesEachAxisByItsOwnRatioWithoutClamping() {
        ResizeGeometry g = ResizeGeometry.samUnet(300, 200); // 256×171
        double[] b = g.transformBox(new double[] {10, 30, 250, 300});
        assertThat(b[0]).isEqualTo(10 * 171.0 / 200.0);
        assertThat(b[1]).isEqualTo(30 * 256.0 / 300.0);
        assertThat(b[2])
                .isEqualTo(250 * 171.0 / 200.0); // outside the image on purpose: no clamping
        assertThat(b[3]).isEqualTo(256.0);
    }
}
