/**
 * SAM-UNet input pipeline and mask post-processing in plain Java (docs/sam-unet.md §1 and §7).
 *
 * <p>Flow: modality values (HU for CT, raw units for MR) → {@link
 * io.medstream.models.preprocess.Windowing} (uint8 grey, H×W) → {@link
 * io.medstream.models.preprocess.PilBilinearResize} (ResizeLongestSide(256), PIL antialiased
 * bilinear, uint8 newH×newW) → {@link io.medstream.models.preprocess.SamPreprocessor} (grey ×3,
 * ImageNet normalisation, zero pad bottom/right, float CHW 3×256×256). The inverse is {@link
 * io.medstream.models.preprocess.MaskPostprocessor} using {@link
 * io.medstream.models.preprocess.TorchBilinear} (PyTorch {@code align_corners=False}).
 *
 * <p>All images are row-major arrays: index {@code r * cols + c}.
 */
package io.medstream.models.preprocess;
