/**
 * SAM-UNet (arXiv 2408.09886v1; reference github.com/Hhankyangg/sam-unet a0b84c5) as DJL blocks for
 * the PyTorch engine. Spec: {@code docs/sam-unet.md}.
 *
 * <p>Entry points: {@link io.medstream.models.samunet.SamUnetVariant} (registry: {@code vit_b_r34},
 * {@code vit_b_r50}, {@code tiny}), {@link io.medstream.models.samunet.SamUnetBlock} ({@code
 * encode}/{@code decode}), {@link io.medstream.models.samunet.WeightImporter} / {@link
 * io.medstream.models.samunet.WeightExporter} (safetensors under the official state_dict keys, map
 * in {@link io.medstream.models.samunet.SamUnetWeightNames}), and {@link
 * io.medstream.models.samunet.inference.SamUnetPredictor} (the one predictor: encode once, decode
 * many prompts; native weights or TorchScript as a load option, pre/post-processing in {@link
 * io.medstream.models.samunet.inference.SamUnetTranslator}).
 *
 * <p>Sub-packages follow segment-anything's roles: {@code image} (ViT, ResNet branch, fusion
 * adapters, encoder composition), {@code prompt}, {@code decoder} (two-way transformer, HQ-style
 * mask decoder), {@code common} (LayerNorm2d, the ConvTranspose k2s2 replacement, MLP, ×4 upscaling
 * stack). Deviations from the style guide's class table: bridges, {@code embedding_encoder} and
 * {@code output_upscaling} share {@code common.Upscale4xBlock} (identical layer stacks); BatchNorm
 * runs in eval mode rather than being folded.
 *
 * <p>Python tooling: {@code tools/convert_checkpoint.py} (.pth → safetensors), {@code
 * tools/samunet_goldens.py} (golden fixtures from an independent PyTorch reference), {@code
 * tools/samunet_torchscript_fixtures.py} (official-key weights → {@code encoder.pt}/{@code
 * decoder.pt} for {@code SamUnetPredictor.Options.torchScript}).
 */
package io.medstream.models.samunet;
