package io.medstream.models.preprocess;

/**
 * The model input tensor and the geometry needed to invert it.
 *
 * @param chw normalised, zero-padded image, CHW 3×target×target, row-major within a channel: index
 *     {@code c·target² + r·target + x}
 * @param geometry resize geometry (original H, W; newH, newW; scale)
 */
public record SamInput(float[] chw, ResizeGeometry geometry) {

    public SamInput {
        int t = geometry.target();
        if (chw.length != 3 * t * t) {
            throw new IllegalArgumentException("chw length " + chw.length + " != 3x" + t + "x" + t);
        }
    }
}
