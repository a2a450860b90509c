#!/usr/bin/python3
"""Golden tensors for the SAM-UNet DJL blocks, from an independent PyTorch reference.

The reference modules below are written from the SAM / SAM-UNet descriptions (segment-anything
`image_encoder.py`, `transformer.py`, `prompt_encoder.py`; HQ-SAM-style decoder of sam-unet a0b84c5)
with plain torch ops (F.pad, einsum, index gathers, nn.ConvTranspose2d, nn.BatchNorm2d), i.e. not the
reshape/matmul formulation used on the Java side.  Weights are random (seeded), sizes tiny, so each
fixture is a few KB.

Each fixture is one safetensors file holding the block's parameters under their *DJL* parameter names
(the Java test sets them by name and checks all are covered), the inputs as `in.*` and the expected
outputs as `out.*`.

Usage (Debian: apt-get install python3-torch python3-numpy):
    /usr/bin/python3 tools/samunet_goldens.py models/src/test/resources/samunet
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_np import save_file  # noqa: E402

torch.manual_seed(20241128)


def rnd(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def np32(t):
    return t.detach().to(torch.float32).contiguous().numpy()


# ---------------------------------------------------------------- LayerNorm2d and ConvT k2s2
def layer_norm_2d(x, w, b, eps=1e-6):
    u = x.mean(1, keepdim=True)
    s = (x - u).pow(2).mean(1, keepdim=True)
    x = (x - u) / torch.sqrt(s + eps)
    return w[:, None, None] * x + b[:, None, None]


def golden_layernorm2d_and_upsample(out_dir):
    cin, cout = 6, 5
    x = rnd(2, cin, 3, 4)
    convt = nn.ConvTranspose2d(cin, cout, kernel_size=2, stride=2)
    with torch.no_grad():
        convt.weight.copy_(rnd(cin, cout, 2, 2, scale=0.5))
        convt.bias.copy_(rnd(cout))
        up = convt(x)
    save_file(
        {"weight": np32(convt.weight), "bias": np32(convt.bias), "in.x": np32(x), "out.y": np32(up)},
        os.path.join(out_dir, "golden_upsample_conv2x2.safetensors"),
    )
    c = 7
    x = rnd(2, c, 5, 3) * 3 + 1
    w, b = rnd(c), rnd(c)
    y = layer_norm_2d(x, w, b, 1e-6)
    save_file(
        {"weight": np32(w), "bias": np32(b), "in.x": np32(x), "out.y": np32(y)},
        os.path.join(out_dir, "golden_layernorm2d.safetensors"),
    )


# ---------------------------------------------------------------- ViT layer (SAM Block)
def window_partition(x, ws):
    b, h, w, c = x.shape
    pad_h, pad_w = (ws - h % ws) % ws, (ws - w % ws) % ws
    if pad_h or pad_w:
        x = F.pad(x, (0, 0, 0, pad_w, 0, pad_h))  # zeros, bottom/right, no mask
    hp, wp = h + pad_h, w + pad_w
    x = x.view(b, hp // ws, ws, wp // ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, ws, ws, c), (hp, wp)


def window_unpartition(win, ws, pad_hw, hw):
    hp, wp = pad_hw
    h, w = hw
    b = win.shape[0] // (hp * wp // ws // ws)
    x = win.view(b, hp // ws, wp // ws, ws, ws, -1).permute(0, 1, 3, 2, 4, 5).reshape(b, hp, wp, -1)
    return x[:, :h, :w, :].contiguous()


def get_rel_pos(q_size, k_size, rel_pos):
    assert rel_pos.shape[0] == 2 * max(q_size, k_size) - 1
    q_coords = torch.arange(q_size)[:, None] * max(k_size / q_size, 1.0)
    k_coords = torch.arange(k_size)[None, :] * max(q_size / k_size, 1.0)
    rel = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)
    return rel_pos[rel.long()]


def add_decomposed_rel_pos(attn, q, rel_pos_h, rel_pos_w, q_size, k_size):
    qh, qw = q_size
    kh, kw = k_size
    rh = get_rel_pos(qh, kh, rel_pos_h)
    rw = get_rel_pos(qw, kw, rel_pos_w)
    b, _, dim = q.shape
    r_q = q.reshape(b, qh, qw, dim)
    rel_h = torch.einsum("bhwc,hkc->bhwk", r_q, rh)
    rel_w = torch.einsum("bhwc,wkc->bhwk", r_q, rw)
    attn = attn.view(b, qh, qw, kh, kw) + rel_h[:, :, :, :, None] + rel_w[:, :, :, None, :]
    return attn.view(b, qh * qw, kh * kw)


class RefVitLayer(nn.Module):
    def __init__(self, dim, heads, mlp, window, size):
        super().__init__()
        self.heads, self.window = heads, window
        hd = dim // heads
        s = window if window > 0 else size
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.rel_pos_h = nn.Parameter(rnd(2 * s - 1, hd, scale=0.5))
        self.rel_pos_w = nn.Parameter(rnd(2 * s - 1, hd, scale=0.5))
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.lin1 = nn.Linear(dim, mlp)
        self.lin2 = nn.Linear(mlp, dim)
        with torch.no_grad():
            for ln in (self.norm1, self.norm2):
                ln.weight.copy_(1 + 0.2 * rnd(dim))
                ln.bias.copy_(0.2 * rnd(dim))
            for lin in (self.qkv, self.proj, self.lin1, self.lin2):
                lin.bias.copy_(0.3 * rnd(*lin.bias.shape))

    def attn(self, x):
        b, h, w, _ = x.shape
        qkv = self.qkv(x).reshape(b, h * w, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.reshape(3, b * self.heads, h * w, -1).unbind(0)
        scale = q.shape[-1] ** -0.5
        attn = (q * scale) @ k.transpose(-2, -1)
        attn = add_decomposed_rel_pos(attn, q, self.rel_pos_h, self.rel_pos_w, (h, w), (h, w))
        x = (attn.softmax(-1) @ v).view(b, self.heads, h, w, -1).permute(0, 2, 3, 1, 4)
        return self.proj(x.reshape(b, h, w, -1))

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        if self.window > 0:
            h, w = x.shape[1], x.shape[2]
            x, pad_hw = window_partition(x, self.window)
        x = self.attn(x)
        if self.window > 0:
            x = window_unpartition(x, self.window, pad_hw, (h, w))
        x = shortcut + x
        return x + self.lin2(F.gelu(self.lin1(self.norm2(x))))

    def djl(self):
        return {
            "01LayerNorm_gamma": self.norm1.weight,
            "01LayerNorm_beta": self.norm1.bias,
            "02RelPosAttentionBlock_relPosH": self.rel_pos_h,
            "02RelPosAttentionBlock_relPosW": self.rel_pos_w,
            "02RelPosAttentionBlock_01Linear_weight": self.qkv.weight,
            "02RelPosAttentionBlock_01Linear_bias": self.qkv.bias,
            "02RelPosAttentionBlock_02Linear_weight": self.proj.weight,
            "02RelPosAttentionBlock_02Linear_bias": self.proj.bias,
            "03LayerNorm_gamma": self.norm2.weight,
            "03LayerNorm_beta": self.norm2.bias,
            "04MlpBlock_01Linear_weight": self.lin1.weight,
            "04MlpBlock_01Linear_bias": self.lin1.bias,
            "04MlpBlock_02Linear_weight": self.lin2.weight,
            "04MlpBlock_02Linear_bias": self.lin2.bias,
        }


def golden_vit_layers(out_dir):
    dim, heads, mlp, grid = 16, 2, 32, 16
    for name, window in (("window", 14), ("global", 0)):
        layer = RefVitLayer(dim, heads, mlp, window, grid)
        x = rnd(1, grid, grid, dim)
        with torch.no_grad():
            y = layer(x)
        t = {k: np32(v) for k, v in layer.djl().items()}
        t["in.x"] = np32(x)
        t["out.y"] = np32(y)
        save_file(t, os.path.join(out_dir, f"golden_vit_{name}_layer.safetensors"),
                  {"dim": dim, "heads": heads, "mlp": mlp, "grid": grid, "window": window})


# ---------------------------------------------------------------- two-way transformer + HQ decoder
class RefAttention(nn.Module):
    def __init__(self, dim, heads, rate=1):
        super().__init__()
        self.heads = heads
        inner = dim // rate
        self.q_proj, self.k_proj = nn.Linear(dim, inner), nn.Linear(dim, inner)
        self.v_proj, self.out_proj = nn.Linear(dim, inner), nn.Linear(inner, dim)

    def forward(self, q, k, v):
        def sep(x):
            b, n, c = x.shape
            return x.reshape(b, n, self.heads, c // self.heads).transpose(1, 2)

        q, k, v = sep(self.q_proj(q)), sep(self.k_proj(k)), sep(self.v_proj(v))
        attn = (q @ k.permute(0, 1, 3, 2)) / math.sqrt(q.shape[-1])
        out = attn.softmax(-1) @ v
        b, h, n, c = out.shape
        return self.out_proj(out.transpose(1, 2).reshape(b, n, h * c))

    def djl(self, prefix):
        d = {}
        for i, lin in enumerate((self.q_proj, self.k_proj, self.v_proj, self.out_proj)):
            d[f"{prefix}{i + 1:02d}Linear_weight"] = lin.weight
            d[f"{prefix}{i + 1:02d}Linear_bias"] = lin.bias
        return d


def ln_djl(ln, prefix):
    return {prefix + "gamma": ln.weight, prefix + "beta": ln.bias}


class RefTwoWayLayer(nn.Module):
    def __init__(self, dim, heads, mlp, skip_pe):
        super().__init__()
        self.skip_pe = skip_pe
        self.self_attn = RefAttention(dim, heads)
        self.norm1 = nn.LayerNorm(dim)
        self.cross_t2i = RefAttention(dim, heads, 2)
        self.norm2 = nn.LayerNorm(dim)
        self.lin1, self.lin2 = nn.Linear(dim, mlp), nn.Linear(mlp, dim)
        self.norm3, self.norm4 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.cross_i2t = RefAttention(dim, heads, 2)
        with torch.no_grad():
            for ln in (self.norm1, self.norm2, self.norm3, self.norm4):
                ln.weight.copy_(1 + 0.2 * rnd(dim))
                ln.bias.copy_(0.2 * rnd(dim))

    def forward(self, queries, keys, query_pe, key_pe):
        if self.skip_pe:
            queries = self.self_attn(queries, queries, queries)
        else:
            q = queries + query_pe
            queries = queries + self.self_attn(q, q, queries)
        queries = self.norm1(queries)
        q, k = queries + query_pe, keys + key_pe
        queries = self.norm2(queries + self.cross_t2i(q, k, keys))
        queries = self.norm3(queries + self.lin2(F.relu(self.lin1(queries))))
        q, k = queries + query_pe, keys + key_pe
        keys = self.norm4(keys + self.cross_i2t(k, q, queries))
        return queries, keys

    def djl(self, p):
        d = {}
        d.update(self.self_attn.djl(p + "01DownsampledAttentionBlock_"))
        d.update(ln_djl(self.norm1, p + "02LayerNorm_"))
        d.update(self.cross_t2i.djl(p + "03DownsampledAttentionBlock_"))
        d.update(ln_djl(self.norm2, p + "04LayerNorm_"))
        d.update({p + "05MlpBlock_01Linear_weight": self.lin1.weight,
                  p + "05MlpBlock_01Linear_bias": self.lin1.bias,
                  p + "05MlpBlock_02Linear_weight": self.lin2.weight,
                  p + "05MlpBlock_02Linear_bias": self.lin2.bias})
        d.update(ln_djl(self.norm3, p + "06LayerNorm_"))
        d.update(ln_djl(self.norm4, p + "07LayerNorm_"))
        d.update(self.cross_i2t.djl(p + "08DownsampledAttentionBlock_"))
        return d


class RefTwoWayTransformer(nn.Module):
    def __init__(self, dim, heads, mlp, depth=2):
        super().__init__()
        self.layers = nn.ModuleList(RefTwoWayLayer(dim, heads, mlp, i == 0) for i in range(depth))
        self.final_attn = RefAttention(dim, heads, 2)
        self.norm_final = nn.LayerNorm(dim)

    def forward(self, image_embedding, image_pe, point_embedding):
        keys = image_embedding.flatten(2).permute(0, 2, 1)
        key_pe = image_pe.flatten(2).permute(0, 2, 1)
        queries = point_embedding
        for layer in self.layers:
            queries, keys = layer(queries, keys, point_embedding, key_pe)
        q, k = queries + point_embedding, keys + key_pe
        queries = self.norm_final(queries + self.final_attn(q, k, keys))
        return queries, keys

    def djl(self, p):
        d = {}
        for i, layer in enumerate(self.layers):
            d.update(layer.djl(f"{p}{i + 1:02d}TwoWayAttentionLayerBlock_"))
        n = len(self.layers)
        d.update(self.final_attn.djl(f"{p}{n + 1:02d}DownsampledAttentionBlock_"))
        d.update(ln_djl(self.norm_final, f"{p}{n + 2:02d}LayerNorm_"))
        return d


class RefMedMaskDecoder(nn.Module):
    """HQ-SAM-style SAM-UNet decoder: med_token, output_upscaling, embedding_maskfeature, hf_mlp."""

    def __init__(self, dim, heads, mlp):
        super().__init__()
        self.transformer = RefTwoWayTransformer(dim, heads, mlp)
        self.med_token = nn.Parameter(rnd(1, dim))
        self.up0 = nn.ConvTranspose2d(dim, dim // 4, 2, 2)
        self.up_ln_w, self.up_ln_b = nn.Parameter(1 + 0.2 * rnd(dim // 4)), nn.Parameter(0.2 * rnd(dim // 4))
        self.up3 = nn.ConvTranspose2d(dim // 4, dim // 8, 2, 2)
        self.mf0 = nn.Conv2d(dim // 8, dim // 4, 3, padding=1)
        self.mf_ln_w, self.mf_ln_b = nn.Parameter(1 + 0.2 * rnd(dim // 4)), nn.Parameter(0.2 * rnd(dim // 4))
        self.mf3 = nn.Conv2d(dim // 4, dim // 8, 3, padding=1)
        self.hf = nn.ModuleList([nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim // 8)])

    def forward(self, emb, pe, sparse, dense, multi_scale):
        n = sparse.shape[0]
        tokens = torch.cat([self.med_token.unsqueeze(0).expand(n, -1, -1), sparse], dim=1)
        src = emb + dense
        pos = torch.repeat_interleave(pe, n, dim=0)
        b, c, h, w = src.shape
        hs, src = self.transformer(src, pos, tokens)
        med_out = hs[:, 0, :]
        src = src.transpose(1, 2).view(b, c, h, w)
        up = F.gelu(layer_norm_2d(self.up0(src), self.up_ln_w, self.up_ln_b))
        up = F.gelu(self.up3(up))
        feat = self.mf3(F.gelu(layer_norm_2d(self.mf0(up), self.mf_ln_w, self.mf_ln_b))) + multi_scale
        x = med_out
        for i, lin in enumerate(self.hf):
            x = lin(x)
            if i < 2:
                x = F.relu(x)
        b, c, h, w = feat.shape
        return (x.unsqueeze(1) @ feat.view(b, c, h * w)).view(b, 1, h, w), hs

    def djl(self):
        d = {"medToken": self.med_token}
        d.update(self.transformer.djl("01TwoWayTransformerBlock_"))
        d.update({
            "02Upscale4xBlock_01UpsampleConv2x2Block_weight": self.up0.weight,
            "02Upscale4xBlock_01UpsampleConv2x2Block_bias": self.up0.bias,
            "02Upscale4xBlock_02LayerNorm2dBlock_weight": self.up_ln_w,
            "02Upscale4xBlock_02LayerNorm2dBlock_bias": self.up_ln_b,
            "02Upscale4xBlock_03UpsampleConv2x2Block_weight": self.up3.weight,
            "02Upscale4xBlock_03UpsampleConv2x2Block_bias": self.up3.bias,
        })
        for i, lin in enumerate(self.hf):
            d[f"03MlpBlock_{i + 1:02d}Linear_weight"] = lin.weight
            d[f"03MlpBlock_{i + 1:02d}Linear_bias"] = lin.bias
        d.update({
            "04SequentialBlock_01Conv2d_weight": self.mf0.weight,
            "04SequentialBlock_01Conv2d_bias": self.mf0.bias,
            "04SequentialBlock_02LayerNorm2dBlock_weight": self.mf_ln_w,
            "04SequentialBlock_02LayerNorm2dBlock_bias": self.mf_ln_b,
            "04SequentialBlock_04Conv2d_weight": self.mf3.weight,
            "04SequentialBlock_04Conv2d_bias": self.mf3.bias,
        })
        return d


def golden_decoder(out_dir):
    dim, heads, mlp, grid, n, k = 16, 2, 32, 4, 3, 2
    dec = RefMedMaskDecoder(dim, heads, mlp)
    emb = rnd(n, dim, grid, grid)
    pe = rnd(1, dim, grid, grid)
    sparse = rnd(n, k, dim)
    dense = rnd(n, dim, grid, grid)
    ms = rnd(n, dim // 8, 4 * grid, 4 * grid)
    with torch.no_grad():
        logits, hs = dec(emb, pe, sparse, dense, ms)
    t = {k_: np32(v) for k_, v in dec.djl().items()}
    t.update({"in.embeddings": np32(emb), "in.pe": np32(pe), "in.sparse": np32(sparse),
              "in.dense": np32(dense), "in.multiScale": np32(ms),
              "out.hs": np32(hs), "out.logits": np32(logits)})
    save_file(t, os.path.join(out_dir, "golden_mask_decoder.safetensors"),
              {"dim": dim, "heads": heads, "mlp": mlp, "grid": grid})


# ---------------------------------------------------------------- prompt encoder
def golden_prompt_encoder(out_dir):
    dim, grid, image = 16, 4, 256
    g = rnd(2, dim // 2)
    pts = [rnd(1, dim) for _ in range(4)]
    not_a_point, no_mask = rnd(1, dim), rnd(1, dim)

    def pe(c01):
        c = (2 * c01 - 1) @ g * (2 * np.pi)
        return torch.cat([torch.sin(c), torch.cos(c)], dim=-1)

    coords = torch.tensor([[[10.0, 20.0], [200.5, 100.0], [0.0, 0.0]],
                           [[30.0, 40.0], [150.0, 220.0], [5.0, 250.0]]])
    labels = torch.tensor([[1.0, 0.0, -1.0], [2.0, 3.0, 1.0]])
    sparse = pe((coords + 0.5) / image)
    sparse[labels == -1] = 0.0
    sparse[labels == -1] += not_a_point
    for i in range(4):
        sparse[labels == i] += pts[i]
    ys, xs = torch.meshgrid(torch.arange(grid), torch.arange(grid), indexing="ij")
    grid01 = torch.stack([(xs + 0.5) / grid, (ys + 0.5) / grid], dim=-1)
    dense_pe = pe(grid01).permute(2, 0, 1).unsqueeze(0)
    t = {"01RandomPositionEmbeddingBlock_gaussianMatrix": np32(g),
         "notAPointEmbed": np32(not_a_point), "noMaskEmbed": np32(no_mask)}
    for i in range(4):
        t[f"pointEmbed{i}"] = np32(pts[i])
    t.update({"in.coords": np32(coords), "in.labels": np32(labels),
              "out.sparse": np32(sparse), "out.densePe": np32(dense_pe)})
    save_file(t, os.path.join(out_dir, "golden_prompt_encoder.safetensors"),
              {"dim": dim, "grid": grid, "image": image})


# ---------------------------------------------------------------- ResNet bottleneck unit (BN eval)
def golden_resnet_bottleneck(out_dir):
    cin, width, stride = 8, 4, 2
    convs = [nn.Conv2d(cin, width, 1, bias=False), nn.Conv2d(width, width, 3, stride, 1, bias=False),
             nn.Conv2d(width, 4 * width, 1, bias=False)]
    bns = [nn.BatchNorm2d(width), nn.BatchNorm2d(width), nn.BatchNorm2d(4 * width)]
    ds_conv, ds_bn = nn.Conv2d(cin, 4 * width, 1, stride, bias=False), nn.BatchNorm2d(4 * width)
    with torch.no_grad():
        for bn in bns + [ds_bn]:
            c = bn.num_features
            bn.weight.copy_(1 + 0.2 * rnd(c))
            bn.bias.copy_(0.2 * rnd(c))
            bn.running_mean.copy_(0.3 * rnd(c))
            bn.running_var.copy_(0.5 + torch.rand(c))
            bn.eval()
        x = rnd(1, cin, 8, 8)
        y = x
        for i in range(3):
            y = bns[i](convs[i](y))
            if i < 2:
                y = F.relu(y)
        y = F.relu(y + ds_bn(ds_conv(x)))
    t = {}
    for i in range(3):
        t[f"{2 * i + 1:02d}Conv2d_weight"] = np32(convs[i].weight)
        p = f"{2 * i + 2:02d}BatchNorm_"
        t.update({p + "gamma": np32(bns[i].weight), p + "beta": np32(bns[i].bias),
                  p + "runningMean": np32(bns[i].running_mean), p + "runningVar": np32(bns[i].running_var)})
    t["07SequentialBlock_01Conv2d_weight"] = np32(ds_conv.weight)
    p = "07SequentialBlock_02BatchNorm_"
    t.update({p + "gamma": np32(ds_bn.weight), p + "beta": np32(ds_bn.bias),
              p + "runningMean": np32(ds_bn.running_mean), p + "runningVar": np32(ds_bn.running_var)})
    t.update({"in.x": np32(x), "out.y": np32(y)})
    save_file(t, os.path.join(out_dir, "golden_resnet_bottleneck.safetensors"),
              {"in": cin, "width": width, "stride": stride})



# ---------------------------------------------------------------- whole model at a micro size
MICRO = dict(vit_dim=16, depth=6, heads=2, mlp=32, window=14, globals_=(1, 2, 4, 5), prompt_dim=16,
             dec_heads=2, dec_mlp=32, stem=4, widths=(4, 8, 8, 8))


def micro_image():
    """Deterministic integer-derived image, reproduced exactly by the Java test (no pixel fixture)."""
    c, i, j = np.meshgrid(np.arange(3), np.arange(256), np.arange(256), indexing="ij")
    return torch.from_numpy((((c * 7 + i * 13 + j * 29) % 97) / 48.5 - 1.0).astype(np.float32)[None])


def micro_mask(n):
    """Deterministic [n,1,64,64] mask-prompt logits, reproduced exactly by the Java test."""
    b, i, j = np.meshgrid(np.arange(n), np.arange(64), np.arange(64), indexing="ij")
    return torch.from_numpy((((b * 11 + i * 3 + j * 5) % 17) / 8.5 - 1.0).astype(np.float32)[:, None])


def conv(cin, cout, k, s=1, p=0, bias=True):
    m = nn.Conv2d(cin, cout, k, s, p, bias=bias)
    with torch.no_grad():
        m.weight.mul_(1.5)
        if bias:
            m.bias.copy_(0.1 * rnd(cout))
    return m


def bn(c):
    m = nn.BatchNorm2d(c)
    with torch.no_grad():
        m.weight.copy_(1 + 0.2 * rnd(c))
        m.bias.copy_(0.2 * rnd(c))
        m.running_mean.copy_(0.2 * rnd(c))
        m.running_var.copy_(0.5 + torch.rand(c))
    return m.eval()


def ln2d_params(c):
    return 1 + 0.2 * rnd(c), 0.2 * rnd(c)


def convt(cin, cout):
    m = nn.ConvTranspose2d(cin, cout, 2, 2)
    with torch.no_grad():
        m.bias.copy_(0.1 * rnd(cout))
    return m


def golden_micro_model(out_dir):
    P = MICRO
    E, D, pd = P["vit_dim"], P["depth"], P["prompt_dim"]
    sd = {}  # official key -> tensor

    def put(prefix, module_or_tensor, names=("weight", "bias")):
        if isinstance(module_or_tensor, torch.Tensor):
            sd[prefix] = module_or_tensor
            return
        for n in names:
            t = getattr(module_or_tensor, n, None)
            if t is not None:
                sd[prefix + "." + n] = t

    # ---- ResNet (basic units, one per stage), BN eval
    stem_conv, stem_bn = conv(3, P["stem"], 7, 2, 3, bias=False), bn(P["stem"])
    put("resnet.stage0.0", stem_conv)
    put("resnet.stage0.1", stem_bn, ("weight", "bias", "running_mean", "running_var"))
    sd["resnet.stage0.1.num_batches_tracked"] = torch.tensor(0)
    units = []
    cin = P["stem"]
    for s, w in enumerate(P["widths"], start=1):
        stride = 1 if s == 1 else 2
        u = {"c1": conv(cin, w, 3, stride, 1, bias=False), "b1": bn(w),
             "c2": conv(w, w, 3, 1, 1, bias=False), "b2": bn(w), "stride": stride}
        pre = f"resnet.stage{s}.0."
        put(pre + "conv1", u["c1"]); put(pre + "conv2", u["c2"])
        for b in ("1", "2"):
            put(pre + "bn" + b, u["b" + b], ("weight", "bias", "running_mean", "running_var"))
            sd[pre + "bn" + b + ".num_batches_tracked"] = torch.tensor(0)
        if stride != 1 or cin != w:
            u["dc"], u["db"] = conv(cin, w, 1, stride, 0, bias=False), bn(w)
            put(pre + "downsample.0", u["dc"])
            put(pre + "downsample.1", u["db"], ("weight", "bias", "running_mean", "running_var"))
            sd[pre + "downsample.1.num_batches_tracked"] = torch.tensor(0)
        units.append(u)
        cin = w

    def resnet(x):
        x = F.max_pool2d(F.relu(stem_bn(stem_conv(x))), 3, 2, 1)
        taps = []
        for u in units:
            y = F.relu(u["b1"](u["c1"](x)))
            y = u["b2"](u["c2"](y))
            idn = u["db"](u["dc"](x)) if "dc" in u else x
            x = F.relu(y + idn)
            taps.append(x)
        return taps

    # ---- fusion adapters (reshaper ModuleList indices as in the reference)
    adapters = []
    for k, c in enumerate(P["widths"]):
        pre = f"adapters_in.{k}.reshaper."
        if k == 0:
            layers = [("conv", conv(c, 2 * c, 3, 2, 1)), ("ln", ln2d_params(2 * c)), ("gelu", None),
                      ("conv", conv(2 * c, 4 * c, 3, 2, 1)), ("ln", ln2d_params(4 * c)), ("gelu", None),
                      ("conv", conv(4 * c, E, 1))]
        elif k == 1:
            layers = [("conv", conv(c, 2 * c, 3, 2, 1)), ("ln", ln2d_params(2 * c)), ("gelu", None),
                      ("conv", conv(2 * c, E, 1))]
        elif k == 2:
            layers = [("conv", conv(c, E, 1))]
        else:
            layers = [("convt", convt(c, c // 2)), ("ln", ln2d_params(c // 2)), ("gelu", None),
                      ("conv", conv(c // 2, E, 1))]
        for i, (kind, mod) in enumerate(layers):
            if kind in ("conv", "convt"):
                put(pre + str(i), mod)
            elif kind == "ln":
                sd[pre + f"{i}.weight"], sd[pre + f"{i}.bias"] = mod
        adapters.append(layers)

    def run_layers(layers, x):
        for kind, mod in layers:
            if kind in ("conv", "convt"):
                x = mod(x)
            elif kind == "ln":
                x = layer_norm_2d(x, *mod)
            else:
                x = F.gelu(x)
        return x

    def up4(pre, cin, cmid, cout):
        l = [("convt", convt(cin, cmid)), ("ln", ln2d_params(cmid)), ("gelu", None), ("convt", convt(cmid, cout))]
        put(pre + "0", l[0][1]); put(pre + "3", l[3][1])
        sd[pre + "1.weight"], sd[pre + "1.bias"] = l[1][1]
        return l

    bridges = [up4(f"adapters_bridge.{k}.", E, pd, pd // 8) for k in range(3)]
    emb_enc = up4("embedding_encoder.", pd, pd // 4, pd // 8)

    # ---- ViT
    vit = "image_encoder.sam_img_encoder."
    patch = conv(3, E, 16, 16, 0)
    pos = 0.5 * rnd(1, 16, 16, E)
    put(vit + "patch_embed.proj", patch)
    sd[vit + "pos_embed"] = pos
    blocks = []
    for i in range(D):
        glob = i in P["globals_"]
        blk = RefVitLayer(E, P["heads"], P["mlp"], 0 if glob else P["window"], 16)
        b = f"{vit}blocks.{i}."
        put(b + "norm1", blk.norm1); put(b + "norm2", blk.norm2)
        sd[b + "attn.rel_pos_h"], sd[b + "attn.rel_pos_w"] = blk.rel_pos_h, blk.rel_pos_w
        put(b + "attn.qkv", blk.qkv); put(b + "attn.proj", blk.proj)
        put(b + "mlp.lin1", blk.lin1); put(b + "mlp.lin2", blk.lin2)
        blocks.append(blk)
    neck0, neck2 = conv(E, pd, 1, bias=False), conv(pd, pd, 3, 1, 1, bias=False)
    neck1, neck3 = ln2d_params(pd), ln2d_params(pd)
    put(vit + "neck.0", neck0); put(vit + "neck.2", neck2)
    sd[vit + "neck.1.weight"], sd[vit + "neck.1.bias"] = neck1
    sd[vit + "neck.3.weight"], sd[vit + "neck.3.bias"] = neck3

    # ---- prompt encoder
    pe_pre = "prompt_encoder.sam_prompt_encoder."
    gauss = rnd(2, pd // 2)
    sd[pe_pre + "pe_layer.positional_encoding_gaussian_matrix"] = gauss
    pts = [rnd(1, pd) for _ in range(4)]
    for i in range(4):
        sd[pe_pre + f"point_embeddings.{i}.weight"] = pts[i]
    sd[pe_pre + "not_a_point_embed.weight"] = rnd(1, pd)
    no_mask = rnd(1, pd)
    sd[pe_pre + "no_mask_embed.weight"] = no_mask
    md = [conv(1, 4, 2, 2), ln2d_params(4), conv(4, 16, 2, 2), ln2d_params(16), conv(16, pd, 1)]
    put(pe_pre + "mask_downscaling.0", md[0]); put(pe_pre + "mask_downscaling.3", md[2])
    put(pe_pre + "mask_downscaling.6", md[4])
    sd[pe_pre + "mask_downscaling.1.weight"], sd[pe_pre + "mask_downscaling.1.bias"] = md[1]
    sd[pe_pre + "mask_downscaling.4.weight"], sd[pe_pre + "mask_downscaling.4.bias"] = md[3]

    def pe(c01):
        c = (2 * c01 - 1) @ gauss * (2 * np.pi)
        return torch.cat([torch.sin(c), torch.cos(c)], dim=-1)

    # ---- decoder
    dec = RefMedMaskDecoder(pd, P["dec_heads"], P["dec_mlp"])
    md_pre = "mask_decoder.sam_mask_decoder."
    tr = md_pre + "transformer."
    def put_attn(pre, a):
        for n in ("q_proj", "k_proj", "v_proj", "out_proj"):
            put(pre + n, getattr(a, n))
    for i, L in enumerate(dec.transformer.layers):
        pre = f"{tr}layers.{i}."
        put_attn(pre + "self_attn.", L.self_attn)
        put_attn(pre + "cross_attn_token_to_image.", L.cross_t2i)
        put_attn(pre + "cross_attn_image_to_token.", L.cross_i2t)
        for n in ("norm1", "norm2", "norm3", "norm4"):
            put(pre + n, getattr(L, n))
        put(pre + "mlp.lin1", L.lin1); put(pre + "mlp.lin2", L.lin2)
    put_attn(tr + "final_attn_token_to_image.", dec.transformer.final_attn)
    put(tr + "norm_final_attn", dec.transformer.norm_final)
    put(md_pre + "output_upscaling.0", dec.up0); put(md_pre + "output_upscaling.3", dec.up3)
    sd[md_pre + "output_upscaling.1.weight"], sd[md_pre + "output_upscaling.1.bias"] = dec.up_ln_w, dec.up_ln_b
    sd["mask_decoder.med_token.weight"] = dec.med_token
    for i, lin in enumerate(dec.hf):
        put(f"mask_decoder.hf_mlp.layers.{i}", lin)
    put("mask_decoder.embedding_maskfeature.0", dec.mf0); put("mask_decoder.embedding_maskfeature.3", dec.mf3)
    sd["mask_decoder.embedding_maskfeature.1.weight"], sd["mask_decoder.embedding_maskfeature.1.bias"] = dec.mf_ln_w, dec.mf_ln_b

    # ---- forward (spec §3 dataflow)
    x = micro_image()
    coords = torch.tensor([[[20.0, 30.0], [140.0, 170.0]], [[100.0, 60.0], [250.0, 200.0]]])
    labels = torch.tensor([[2.0, 3.0], [2.0, 3.0]])
    with torch.no_grad():
        f = resnet(x)
        t = patch(x).permute(0, 2, 3, 1) + pos
        m = [None] * 3
        nxt = 0
        for k, g in enumerate(P["globals_"]):
            while nxt < g:
                t = blocks[nxt](t); nxt += 1
            t = t + run_layers(adapters[k], f[k]).permute(0, 2, 3, 1)
            t = blocks[nxt](t); nxt += 1
            if k < 3:
                m[2 - k] = run_layers(bridges[2 - k], t.permute(0, 3, 1, 2))
        while nxt < D:
            t = blocks[nxt](t); nxt += 1
        y = layer_norm_2d(neck0(t.permute(0, 3, 1, 2)), *neck1)
        emb = layer_norm_2d(neck2(y), *neck3)
        ms = run_layers(emb_enc, emb) + m[0] + m[1] + m[2]
        n = coords.shape[0]
        sparse = pe((coords + 0.5) / 256)
        for i in range(4):
            sparse[labels == i] += pts[i]
        ys, xs = torch.meshgrid(torch.arange(16), torch.arange(16), indexing="ij")
        dense_pe = pe(torch.stack([(xs + 0.5) / 16, (ys + 0.5) / 16], -1)).permute(2, 0, 1)[None]
        dense = no_mask.reshape(1, pd, 1, 1).expand(n, pd, 16, 16)
        logits, _ = dec(emb.expand(n, -1, -1, -1), dense_pe, sparse, dense, ms.expand(n, -1, -1, -1))
        # mask prompt path (wired but untrained in SAM-UNet): dense = mask_downscaling(mask)
        mask_in = micro_mask(n)
        y = F.gelu(layer_norm_2d(md[0](mask_in), *md[1]))
        y = F.gelu(layer_norm_2d(md[2](y), *md[3]))
        dense_m = md[4](y)
        logits_m, _ = dec(emb.expand(n, -1, -1, -1), dense_pe, sparse, dense_m, ms.expand(n, -1, -1, -1))
    t_out = {k: np32(v) if v.dtype != torch.int64 else v.numpy().astype(np.int64) for k, v in sd.items()}
    t_out.update({"in.coords": np32(coords), "in.labels": np32(labels),
                  "out.embeddings": np32(emb), "out.multiScale": np32(ms), "out.logits": np32(logits),
                  "out.logitsWithMask": np32(logits_m)})
    save_file(t_out, os.path.join(out_dir, "golden_micro_model.safetensors"),
              {k: str(v) for k, v in MICRO.items()})


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "models/src/test/resources/samunet"
    os.makedirs(out_dir, exist_ok=True)
    golden_layernorm2d_and_upsample(out_dir)
    golden_vit_layers(out_dir)
    golden_decoder(out_dir)
    golden_prompt_encoder(out_dir)
    golden_resnet_bottleneck(out_dir)
    golden_micro_model(out_dir)
    print("torch", torch.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
