"""SAM-UNet as two PyTorch modules built from an official-key state dict (numpy arrays).

The two modules have exactly the TorchScript wrapper signatures of docs/sam-unet.md section 10:

    SamUnetImageEncoder:  image [B,3,S,S] (normalised, padded)
                          -> (image_embeddings [B,P,G,G], multi_scale [B,P/8,4G,4G])
    SamUnetPromptDecoder: image_embeddings [1,P,G,G], multi_scale [1,P/8,4G,4G],
                          point_coords [N,K,2] (x,y in the resized S frame), point_labels [N,K] f32
                          -> low_res_logits [N,1,4G,4G]

(S = 256, G = S/16 = 16, P = prompt width: 256 official, 128 tiny.)

The blocks themselves (ViT layer with decomposed rel-pos, two-way transformer, HQ-style decoder,
LayerNorm2d) are the independent reference implementations of tools/samunet_goldens.py, imported
rather than copied; this file only assembles them and the ResNet / fusion adapters / bridges /
neck / prompt encoder around them, with the dataflow of golden_micro_model (spec section 3).

Every module is created with the shape of the array it receives, so one code path serves `tiny`,
`vit_b_r34` (basic ResNet units) and `vit_b_r50` (bottleneck units). Only hyper-parameters that no
tensor shape reveals (head counts, global layers, window) come from VARIANTS.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import samunet_goldens as ref  # noqa: E402  (module definitions; importing runs no generator)

# mirrors models/.../SamUnetVariant.java
VARIANTS = {
    "tiny": dict(vit_heads=4, window=14, globals_=(1, 3, 5, 7), dec_heads=4),
    "vit_b_r34": dict(vit_heads=12, window=14, globals_=(2, 5, 8, 11), dec_heads=8),
    "vit_b_r50": dict(vit_heads=12, window=14, globals_=(2, 5, 8, 11), dec_heads=8),
}

VIT = "image_encoder.sam_img_encoder."
PROMPT = "prompt_encoder.sam_prompt_encoder."
DECODER = "mask_decoder.sam_mask_decoder."


class Weights:
    """Official-key numpy arrays; records which keys were consumed so none is silently ignored."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.used = set()

    def has(self, key):
        return key in self.arrays

    def get(self, key):
        self.used.add(key)
        return torch.from_numpy(np.ascontiguousarray(self.arrays[key]))

    def unused(self):
        # DJL does not track num_batches_tracked; the exporter writes a 0 scalar that no module needs
        return sorted(k for k in self.arrays if k not in self.used and not k.endswith("num_batches_tracked"))


def copy_(param, value, key):
    if tuple(param.shape) != tuple(value.shape):
        raise ValueError(f"{key}: shape {tuple(value.shape)} but module expects {tuple(param.shape)}")
    with torch.no_grad():
        param.copy_(value)


def conv(w, prefix, stride=1, padding=0):
    """nn.Conv2d shaped by `prefix.weight` [out,in,kh,kw]; bias when `prefix.bias` exists."""
    weight = w.get(prefix + "weight")
    bias = w.has(prefix + "bias")
    m = nn.Conv2d(weight.shape[1], weight.shape[0], weight.shape[2], stride, padding, bias=bias)
    copy_(m.weight, weight, prefix + "weight")
    if bias:
        copy_(m.bias, w.get(prefix + "bias"), prefix + "bias")
    return m


def conv_t(w, prefix):
    """nn.ConvTranspose2d k2 s2 shaped by `prefix.weight` [in,out,2,2] (the only ConvT in the model)."""
    weight = w.get(prefix + "weight")
    m = nn.ConvTranspose2d(weight.shape[0], weight.shape[1], 2, 2)
    copy_(m.weight, weight, prefix + "weight")
    copy_(m.bias, w.get(prefix + "bias"), prefix + "bias")
    return m


def batch_norm(w, prefix):
    weight = w.get(prefix + "weight")
    m = nn.BatchNorm2d(weight.shape[0])
    copy_(m.weight, weight, prefix + "weight")
    for name in ("bias", "running_mean", "running_var"):
        copy_(getattr(m, name), w.get(prefix + name), prefix + name)
    return m.eval()


class LayerNorm2d(nn.Module):
    """Channel LayerNorm of SAM (eps 1e-6), computed by ref.layer_norm_2d."""

    def __init__(self, w, prefix):
        super().__init__()
        self.weight = nn.Parameter(w.get(prefix + "weight"))
        self.bias = nn.Parameter(w.get(prefix + "bias"))

    def forward(self, x):
        return ref.layer_norm_2d(x, self.weight, self.bias)


class Gelu(nn.Module):
    def forward(self, x):
        return F.gelu(x)


def upscale4x(w, prefix):
    """ConvT k2s2, LayerNorm2d, GELU, ConvT k2s2 (output_upscaling, bridges, embedding_encoder)."""
    return nn.Sequential(conv_t(w, prefix + "0."), LayerNorm2d(w, prefix + "1."), Gelu(),
                         conv_t(w, prefix + "3."))


class ResNetUnit(nn.Module):
    """torchvision BasicBlock (conv1, conv2) or Bottleneck (conv1..conv3, stride on the 3x3)."""

    def __init__(self, w, prefix, stride):
        super().__init__()
        bottleneck = w.has(prefix + "conv3.weight")
        kernels = (1, 3, 1) if bottleneck else (3, 3)
        convs, bns = [], []
        for j, k in enumerate(kernels, start=1):
            s = stride if (k == 3 and (bottleneck or j == 1)) else 1
            convs.append(conv(w, f"{prefix}conv{j}.", s, k // 2))
            bns.append(batch_norm(w, f"{prefix}bn{j}."))
        self.convs, self.bns = nn.ModuleList(convs), nn.ModuleList(bns)
        self.downsample = None
        if w.has(prefix + "downsample.0.weight"):
            self.downsample = nn.Sequential(conv(w, prefix + "downsample.0.", stride),
                                            batch_norm(w, prefix + "downsample.1."))

    def forward(self, x):
        y = x
        last = len(self.convs) - 1
        for j, (c, b) in enumerate(zip(self.convs, self.bns)):
            y = b(c(y))
            if j < last:
                y = F.relu(y)
        identity = self.downsample(x) if self.downsample is not None else x
        return F.relu(y + identity)


class ResNet(nn.Module):
    """Stem (7x7 s2, BN, ReLU, max-pool 3 s2) + 4 stages; returns the stage outputs f1..f4."""

    def __init__(self, w):
        super().__init__()
        self.stem = nn.Sequential(conv(w, "resnet.stage0.0.", 2, 3), batch_norm(w, "resnet.stage0.1."))
        stages = []
        for s in range(1, 5):
            units = []
            u = 0
            while w.has(f"resnet.stage{s}.{u}.conv1.weight"):
                units.append(ResNetUnit(w, f"resnet.stage{s}.{u}.", 2 if (s > 1 and u == 0) else 1))
                u += 1
            stages.append(nn.Sequential(*units))
        self.stages = nn.ModuleList(stages)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 3, 2, 1)
        taps = []
        for stage in self.stages:
            x = stage(x)
            taps.append(x)
        return taps


def fusion_adapter(w, k):
    """adapters_in.k.reshaper: brings ResNet tap f(k+1) to the ViT grid and width (spec section 4)."""
    p = f"adapters_in.{k}.reshaper."
    if k == 0:  # f1 [B,c,64,64] -> two 3x3 s2 convs -> 1x1
        return nn.Sequential(conv(w, p + "0.", 2, 1), LayerNorm2d(w, p + "1."), Gelu(),
                             conv(w, p + "3.", 2, 1), LayerNorm2d(w, p + "4."), Gelu(), conv(w, p + "6."))
    if k == 1:  # f2 [B,c,32,32] -> one 3x3 s2 conv -> 1x1
        return nn.Sequential(conv(w, p + "0.", 2, 1), LayerNorm2d(w, p + "1."), Gelu(), conv(w, p + "3."))
    if k == 2:  # f3 [B,c,16,16] -> 1x1
        return nn.Sequential(conv(w, p + "0."))
    # f4 [B,c,8,8] -> ConvT k2s2 -> 1x1
    return nn.Sequential(conv_t(w, p + "0."), LayerNorm2d(w, p + "1."), Gelu(), conv(w, p + "3."))


class SamUnetImageEncoder(nn.Module):
    """Encoder wrapper: image [B,3,S,S] -> (embeddings [B,P,G,G], multi_scale [B,P/8,4G,4G])."""

    def __init__(self, w, variant):
        super().__init__()
        cfg = VARIANTS[variant]
        self.globals_ = tuple(cfg["globals_"])
        self.resnet = ResNet(w)
        self.adapters = nn.ModuleList(fusion_adapter(w, k) for k in range(4))
        self.bridges = nn.ModuleList(upscale4x(w, f"adapters_bridge.{k}.") for k in range(3))
        self.embedding_encoder = upscale4x(w, "embedding_encoder.")
        self.patch_embed = conv(w, VIT + "patch_embed.proj.", 16)
        self.pos_embed = nn.Parameter(w.get(VIT + "pos_embed"))  # [1,G,G,E]
        grid, dim = self.pos_embed.shape[1], self.pos_embed.shape[3]
        blocks = []
        i = 0
        while w.has(f"{VIT}blocks.{i}.norm1.weight"):
            b = f"{VIT}blocks.{i}."
            mlp = w.arrays[b + "mlp.lin1.weight"].shape[0]
            layer = ref.RefVitLayer(dim, cfg["vit_heads"], mlp, 0 if i in self.globals_ else cfg["window"], grid)
            for name, key in (("rel_pos_h", "attn.rel_pos_h"), ("rel_pos_w", "attn.rel_pos_w")):
                copy_(getattr(layer, name), w.get(b + key), b + key)
            for name, key in (("norm1", "norm1"), ("norm2", "norm2"), ("qkv", "attn.qkv"),
                              ("proj", "attn.proj"), ("lin1", "mlp.lin1"), ("lin2", "mlp.lin2")):
                for t in ("weight", "bias"):
                    copy_(getattr(getattr(layer, name), t), w.get(b + key + "." + t), b + key + "." + t)
            blocks.append(layer)
            i += 1
        self.blocks = nn.ModuleList(blocks)
        self.neck = nn.Sequential(conv(w, VIT + "neck.0."), LayerNorm2d(w, VIT + "neck.1."),
                                  conv(w, VIT + "neck.2.", 1, 1), LayerNorm2d(w, VIT + "neck.3."))

    def forward(self, image):
        taps = self.resnet(image)
        # tokens channels-last [B,G,G,E]
        t = self.patch_embed(image).permute(0, 2, 3, 1) + self.pos_embed
        bridged = [None, None, None]  # m0, m1, m2 (written by the bridges below)
        nxt = 0
        for k, g in enumerate(self.globals_):
            while nxt < g:
                t = self.blocks[nxt](t)
                nxt += 1
            # ResNet tap k, reshaped to [B,E,G,G] -> channels-last, added before the k-th global layer
            t = t + self.adapters[k](taps[k]).permute(0, 2, 3, 1)
            t = self.blocks[nxt](t)
            nxt += 1
            if k < 3:
                # m0 comes from the last of the first three global layers: bridge index 2-k
                bridged[2 - k] = self.bridges[2 - k](t.permute(0, 3, 1, 2))
        while nxt < len(self.blocks):
            t = self.blocks[nxt](t)
            nxt += 1
        # neck: [B,E,G,G] -> [B,P,G,G]
        embeddings = self.neck(t.permute(0, 3, 1, 2))
        multi_scale = self.embedding_encoder(embeddings) + bridged[0] + bridged[1] + bridged[2]
        return embeddings, multi_scale


class SamUnetPromptDecoder(nn.Module):
    """Decoder wrapper: prompt encoder (points/boxes, no mask prompt) + HQ-style mask decoder only.

    Holds no image-encoder weights (spec pitfall 1: a wrapper referencing the whole model would
    serialise all of it).
    """

    def __init__(self, w, variant, image_size=256):
        super().__init__()
        cfg = VARIANTS[variant]
        self.image_size = image_size
        self.gaussian = nn.Parameter(w.get(PROMPT + "pe_layer.positional_encoding_gaussian_matrix"))  # [2,P/2]
        # [4,P]: rows for labels 0 (negative), 1 (positive), 2 (box top-left), 3 (box bottom-right)
        self.point_embeddings = nn.Parameter(
            torch.cat([w.get(f"{PROMPT}point_embeddings.{i}.weight") for i in range(4)], 0))
        self.not_a_point = nn.Parameter(w.get(PROMPT + "not_a_point_embed.weight"))  # [1,P]
        self.no_mask = nn.Parameter(w.get(PROMPT + "no_mask_embed.weight"))  # [1,P]
        for key in list(w.arrays):  # the mask prompt path is not exported (never trained)
            if key.startswith(PROMPT + "mask_downscaling."):
                w.used.add(key)
        dim = self.no_mask.shape[1]
        mlp = w.arrays[DECODER + "transformer.layers.0.mlp.lin1.weight"].shape[0]
        self.decoder = ref.RefMedMaskDecoder(dim, cfg["dec_heads"], mlp)
        self._load_decoder(w)
        grid = image_size // 16
        ys, xs = torch.meshgrid(torch.arange(grid), torch.arange(grid), indexing="ij")
        # [G,G,2] (x,y) pixel centres in [0,1]
        self.register_buffer("grid01", torch.stack([(xs + 0.5) / grid, (ys + 0.5) / grid], -1).float())

    def _load_decoder(self, w):
        d = self.decoder

        def put(module, prefix):
            for t in ("weight", "bias"):
                copy_(getattr(module, t), w.get(prefix + t), prefix + t)

        def put_attention(a, prefix):
            for n in ("q_proj", "k_proj", "v_proj", "out_proj"):
                put(getattr(a, n), prefix + n + ".")

        tr = DECODER + "transformer."
        for i, layer in enumerate(d.transformer.layers):
            p = f"{tr}layers.{i}."
            put_attention(layer.self_attn, p + "self_attn.")
            put_attention(layer.cross_t2i, p + "cross_attn_token_to_image.")
            put_attention(layer.cross_i2t, p + "cross_attn_image_to_token.")
            for n in ("norm1", "norm2", "norm3", "norm4"):
                put(getattr(layer, n), p + n + ".")
            put(layer.lin1, p + "mlp.lin1.")
            put(layer.lin2, p + "mlp.lin2.")
        put_attention(d.transformer.final_attn, tr + "final_attn_token_to_image.")
        put(d.transformer.norm_final, tr + "norm_final_attn.")
        put(d.up0, DECODER + "output_upscaling.0.")
        put(d.up3, DECODER + "output_upscaling.3.")
        copy_(d.up_ln_w, w.get(DECODER + "output_upscaling.1.weight"), "output_upscaling.1.weight")
        copy_(d.up_ln_b, w.get(DECODER + "output_upscaling.1.bias"), "output_upscaling.1.bias")
        copy_(d.med_token, w.get("mask_decoder.med_token.weight"), "mask_decoder.med_token.weight")
        for i, lin in enumerate(d.hf):
            put(lin, f"mask_decoder.hf_mlp.layers.{i}.")
        put(d.mf0, "mask_decoder.embedding_maskfeature.0.")
        put(d.mf3, "mask_decoder.embedding_maskfeature.3.")
        copy_(d.mf_ln_w, w.get("mask_decoder.embedding_maskfeature.1.weight"), "embedding_maskfeature.1.weight")
        copy_(d.mf_ln_b, w.get("mask_decoder.embedding_maskfeature.1.bias"), "embedding_maskfeature.1.bias")

    def positional(self, coords01):
        """Random Fourier features: [...,2] in [0,1] -> [...,P]."""
        c = (2 * coords01 - 1) @ self.gaussian * (2 * np.pi)
        return torch.cat([torch.sin(c), torch.cos(c)], dim=-1)

    def forward(self, image_embeddings, multi_scale, point_coords, point_labels):
        n = point_coords.shape[0]
        # [N,K,1] so each label gates a whole P-vector; labels stay float (compared with ==)
        labels = point_labels.unsqueeze(-1)
        pad = (labels == -1).float()
        # sparse [N,K,P] = PE*[label!=-1] + not_a_point*[label=-1] + sum_i point_embeddings[i]*[label=i]
        sparse = self.positional((point_coords + 0.5) / self.image_size) * (1 - pad) + self.not_a_point * pad
        for i in range(4):
            sparse = sparse + self.point_embeddings[i] * (labels == i).float()
        dim = self.no_mask.shape[1]
        grid = self.grid01.shape[0]
        # dense [N,P,G,G] = no_mask_embed broadcast; image PE [1,P,G,G]
        dense = self.no_mask.reshape(1, dim, 1, 1).expand(n, dim, grid, grid)
        dense_pe = self.positional(self.grid01).permute(2, 0, 1).unsqueeze(0)
        # one image shared by the N prompts: [1,...] -> [N,...] views
        emb = image_embeddings.expand(n, -1, -1, -1)
        ms = multi_scale.expand(n, -1, -1, -1)
        logits, _ = self.decoder(emb, dense_pe, sparse, dense, ms)
        return logits


def build(arrays, variant):
    """(encoder, decoder) in eval mode from {official key: numpy array}; fails on unused keys."""
    w = Weights(arrays)
    encoder = SamUnetImageEncoder(w, variant).eval()
    decoder = SamUnetPromptDecoder(w, variant).eval()
    if w.unused():
        raise ValueError(f"{len(w.unused())} weights not used by the reference model, e.g. {w.unused()[:5]}")
    return encoder, decoder
