#!/usr/bin/env python3
"""Golden fixtures for io.medstream.models.preprocess (SAM-UNet input pipeline, sam-unet.md section 1 and 7).

Independent references:
  * PIL (Pillow) Image.resize(..., Image.BILINEAR) on mode "L" uint8 images: the antialiased triangle
    filter SAM's ResizeLongestSide uses via torchvision's functional resize on a PIL image.
  * torch.nn.functional.interpolate(mode="bilinear", align_corners=False) when PyTorch is importable
    (Debian python3-torch 1.13.1, the version the SAM-UNet reference was measured with); it is cross-checked
    against a numpy re-implementation in float32 (half-pixel centres, source coordinate clamped at 0, upper
    neighbour clamped at size-1), which is used alone when torch is missing. The manifest records which.
  * numpy windowing: CT window (centre/width) and robust min-max (np.percentile 0.5/99.5, method "linear").

Run from the repository root (Debian: apt-get install python3-pil python3-numpy [python3-torch]):
    /usr/bin/python3 tools/preprocess_golden.py models/src/test/resources/preprocess

Output: cases.json (manifest) plus raw little-endian binaries:
    *.u8  uint8, row-major H*W        *.f32 float32 little-endian, row-major H*W
The Java tests read only these files; Python is never needed at test time.
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def test_image(rng, h, w):
    """Deterministic uint8 test image: gradient + disc + random noise + a hard vertical edge."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    g = 255.0 * (xx / max(w - 1, 1)) * 0.5 + 255.0 * (yy / max(h - 1, 1)) * 0.3
    disc = ((yy - h * 0.4) ** 2 + (xx - w * 0.6) ** 2) < (min(h, w) * 0.25) ** 2
    g = g + 60.0 * disc
    g[:, w // 3: w // 3 + max(1, w // 20)] = 250.0
    g = g + rng.normal(0.0, 12.0, size=(h, w))
    return np.clip(np.floor(g + 0.5), 0, 255).astype(np.uint8)


def longest_side_target(h, w, long_side=256):
    """Exactly SAM's ResizeLongestSide.get_preprocess_shape."""
    scale = long_side * 1.0 / max(h, w)
    newh, neww = h * scale, w * scale
    return int(newh + 0.5), int(neww + 0.5)


def torch_bilinear_ac_false(src, out_h, out_w):
    """float32 bilinear, align_corners=False, no antialias, as ATen's upsample_bilinear2d on CPU.

    Agrees with torch 1.13 F.interpolate to rounding (torch's CPU kernel may fuse multiply-adds)."""
    src = src.astype(np.float32)
    in_h, in_w = src.shape
    sh = np.float32(in_h) / np.float32(out_h)
    sw = np.float32(in_w) / np.float32(out_w)

    def coords(n_out, n_in, s):
        # Measured on torch 1.13 (CPU, float32): the scale is float(in)/out, but the source coordinate
        # scale * (dst + 0.5) - 0.5 and its fraction are evaluated in double; only the weights are float.
        d = np.arange(n_out, dtype=np.float64)
        real = np.float64(s) * (d + 0.5) - 0.5
        real = np.where(real < 0, 0.0, real)
        i0 = real.astype(np.int64)  # truncation == floor for real >= 0
        i1 = np.where(i0 < n_in - 1, i0 + 1, i0)
        l1 = (real - i0).astype(np.float32)
        l0 = (np.float32(1.0) - l1).astype(np.float32)
        return i0, i1, l0, l1

    h0, h1, hl0, hl1 = coords(out_h, in_h, sh)
    w0, w1, wl0, wl1 = coords(out_w, in_w, sw)
    a = src[h0][:, w0]
    b = src[h0][:, w1]
    c = src[h1][:, w0]
    d = src[h1][:, w1]
    hl0 = hl0[:, None]
    hl1 = hl1[:, None]
    wl0 = wl0[None, :]
    wl1 = wl1[None, :]
    # ATen: h0lambda * (w0lambda * a + w1lambda * b) + h1lambda * (w0lambda * c + w1lambda * d)
    out = hl0 * (wl0 * a + wl1 * b) + hl1 * (wl0 * c + wl1 * d)
    return out.astype(np.float32)


def window_u8(values, lo, width):
    v = (values - lo) / width * 255.0
    return np.clip(np.floor(v + 0.5), 0, 255).astype(np.uint8)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.RandomState(20240819)
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        torch = None
    manifest = {"generator": "tools/preprocess_golden.py", "pillow": Image.__version__,
                "numpy": np.__version__,
                "bilinearSource": ("torch " + torch.__version__) if torch is not None else "numpy", "pilResize": [], "bilinear": [], "windowing": []}

    # --- PIL antialiased bilinear resize (ResizeLongestSide(256)) ---
    for (h, w) in [(512, 512), (300, 200), (100, 60), (37, 129), (700, 233), (256, 256), (255, 511), (13, 7), (600, 45), (1, 300)]:
        img = test_image(rng, h, w)
        nh, nw = longest_side_target(h, w)
        out = np.asarray(Image.fromarray(img, mode="L").resize((nw, nh), Image.BILINEAR))
        # The reference resizes the RGB image; check grey replication makes channel-wise resize identical.
        rgb = np.asarray(Image.fromarray(np.stack([img] * 3, axis=-1), mode="RGB").resize((nw, nh), Image.BILINEAR))
        assert all((rgb[..., k] == out).all() for k in range(3)), "RGB and L resize differ"
        name = "pil_%dx%d" % (h, w)
        img.tofile(os.path.join(out_dir, name + "_in.u8"))
        out.astype(np.uint8).tofile(os.path.join(out_dir, name + "_out.u8"))
        manifest["pilResize"].append({"name": name, "inRows": h, "inCols": w, "outRows": nh, "outCols": nw,
                                      "input": name + "_in.u8", "expected": name + "_out.u8"})

    # --- torch align_corners=False bilinear ---
    for (name, ih, iw, oh, ow) in [("bl_2x2_4x4", 2, 2, 4, 4), ("bl_64_256", 64, 64, 256, 256),
                                  ("bl_171x256_300x200", 256, 171, 300, 200), ("bl_7x5_3x4", 7, 5, 3, 4),
                                  ("bl_64_to_37x53", 64, 64, 37, 53)]:
        src = rng.normal(0.0, 4.0, size=(ih, iw)).astype(np.float32)
        out = torch_bilinear_ac_false(src, oh, ow)
        if torch is not None:
            t = F.interpolate(torch.from_numpy(src)[None, None], size=(oh, ow), mode="bilinear",
                              align_corners=False)[0, 0].numpy()
            assert np.abs(t - out).max() <= 1e-5, "numpy reference disagrees with torch: %g" % np.abs(t - out).max()
            out = t
        src.astype("<f4").tofile(os.path.join(out_dir, name + "_in.f32"))
        out.astype("<f4").tofile(os.path.join(out_dir, name + "_out.f32"))
        manifest["bilinear"].append({"name": name, "inRows": ih, "inCols": iw, "outRows": oh, "outCols": ow,
                                     "input": name + "_in.f32", "expected": name + "_out.f32"})

    # --- windowing: CT window 40/400 and robust min-max (np.percentile linear) ---
    h, w = 120, 90
    hu = (rng.normal(40.0, 150.0, size=(h, w)) + np.linspace(-600, 900, w)[None, :]).astype(np.float32)
    hu = np.floor(hu)  # integer HU as decoded from a DICOM stored value
    hu32 = hu.astype(np.float32)
    hu64 = hu32.astype(np.float64)
    ct = window_u8(hu64, 40.0 - 400.0 / 2.0, 400.0)
    lo, hi = np.percentile(hu64, [0.5, 99.5])
    mr = window_u8(hu64, lo, hi - lo) if hi > lo else np.zeros((h, w), np.uint8)
    hu32.astype("<f4").tofile(os.path.join(out_dir, "win_in.f32"))
    ct.tofile(os.path.join(out_dir, "win_ct_40_400.u8"))
    mr.tofile(os.path.join(out_dir, "win_robust.u8"))
    manifest["windowing"].append({"name": "win", "rows": h, "cols": w, "input": "win_in.f32",
                                  "ctCenter": 40.0, "ctWidth": 400.0, "ct": "win_ct_40_400.u8",
                                  "robust": "win_robust.u8", "p005": float(lo), "p995": float(hi)})

    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "models/src/test/resources/preprocess")
