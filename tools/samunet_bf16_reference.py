#!/usr/bin/python3
"""bf16 vs fp32 for SAM-UNet on CPU, measured with Debian's PyTorch on the same weights and inputs as
`./medstream sam eval` — the independent figure for the bf16 question, because bf16 through DJL 0.36 /
libtorch 2.7.1 aborts the JVM on this CPU (docs/BENCHMARKS.md, "bf16 on CPU").

Inputs come from Java, so preprocessing and targets are exactly the evaluation's:
    java -cp cli/target/classes:$(cat cli/target/cli.classpath) io.medstream.cli.tools.PhantomNpyExportMain 7 N PHANTOM_DIR
writes i.image.npy [1,3,256,256], i.boxes.npy [T,4] (tight boxes, x1/y1 exclusive), i.masks.npy [T,H,W].

The model is tools/samunet_reference_model.py (the golden-test reference), built from a safetensors
file under the official keys. For each dtype: encoder ms/image (median over the images after one
warm-up), decoder ms/prompt, and mean Dice of the logits upsampled to 256x256 (bilinear,
align_corners=False, threshold 0), with and without the box constraint (pixel centres inside the box,
MaskPostprocessor.confineToBox). bf16 is CPU autocast (torch.autocast("cpu", bfloat16): matmuls,
linear layers and convolutions in bf16, the rest fp32), except the transposed convolutions and layer norms,
which stay fp32 (Fp32Island: torch 1.13's CPU bf16 ConvTranspose2d is broken and its autocast does not
cast layer-norm inputs); logits are cast to float32 before
upsampling.

Usage: /usr/bin/python3 tools/samunet_bf16_reference.py WEIGHTS.safetensors PHANTOM_DIR OUT.json
       [--variant tiny] [--threads 1]
"""
import argparse
import copy
import glob
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_np import load_file  # noqa: E402
from samunet_reference_model import build  # noqa: E402


def dice(pred, gt):
    inter = np.logical_and(pred, gt).sum()
    total = pred.sum() + gt.sum()
    return 1.0 if total == 0 else 2.0 * inter / total


def inside_box(h, w, box):
    cols = np.arange(w) + 0.5
    rows = np.arange(h) + 0.5
    return np.outer((rows >= box[1]) & (rows <= box[3]), (cols >= box[0]) & (cols <= box[2]))


class Fp32Island(torch.nn.Module):
    """Runs one module in float32 with autocast off: torch 1.13's CPU bf16 ConvTranspose2d rejects
    valid shapes ("expected input[1, 128, 8, 8] to have 16 channels"), so transposed convolutions
    stay fp32."""

    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, x):
        with torch.autocast(device_type="cpu", enabled=False):
            return self.module(x.float())


# kept in fp32 under autocast: transposed convs (broken in bf16, above) and layer norms (torch 1.13's
# CPU autocast does not cast their input, and a bf16 input with fp32 weights is rejected)
FP32_MODULES = (torch.nn.ConvTranspose2d, torch.nn.LayerNorm)
FP32_MODULE_NAMES = ("LayerNorm2d",)


def with_fp32_islands(model):
    model = copy.deepcopy(model)
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, FP32_MODULES) or type(child).__name__ in FP32_MODULE_NAMES:
                setattr(parent, name, Fp32Island(child))
    return model


def run(encoder, decoder, bf16, phantoms):
    enc_ms, dec_ms, raw, confined, prompts = [], [], [], [], 0
    for k, (image, boxes, masks) in enumerate(phantoms):
        x = torch.from_numpy(image)
        t = boxes.shape[0]
        coords = torch.from_numpy(boxes.reshape(t, 2, 2))
        labels = torch.tensor([[2.0, 3.0]] * t)
        with torch.no_grad(), torch.autocast(device_type="cpu", dtype=torch.bfloat16, enabled=bf16):
            t0 = time.perf_counter()
            emb, ms = encoder(x)
            t1 = time.perf_counter()
            logits = decoder(emb, ms, coords, labels)
            t2 = time.perf_counter()
        if k > 0:  # the first image warms up the kernels
            enc_ms.append((t1 - t0) * 1e3)
            dec_ms.append((t2 - t1) * 1e3)
            prompts += t
        up = F.interpolate(logits.float(), size=masks.shape[1:], mode="bilinear", align_corners=False)
        up = up[:, 0].numpy() > 0
        for j in range(t):
            gt = masks[j] > 0.5
            raw.append(dice(up[j], gt))
            confined.append(dice(up[j] & inside_box(gt.shape[0], gt.shape[1], boxes[j]), gt))
    return {
        "encoderMsPerImageMedian": float(np.median(enc_ms)),
        "decoderMsPerPrompt": float(np.sum(dec_ms) / prompts),
        "meanDiceBoxConstrained": float(np.mean(confined)),
        "meanDiceUnconstrained": float(np.mean(raw)),
        "targets": len(raw),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("weights")
    ap.add_argument("phantoms")
    ap.add_argument("out")
    ap.add_argument("--variant", default="tiny")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    names = sorted(glob.glob(os.path.join(a.phantoms, "*.image.npy")),
                   key=lambda p: int(os.path.basename(p).split(".")[0]))
    if not names:
        sys.exit(f"no *.image.npy in {a.phantoms}: run PhantomNpyExport first")
    phantoms = []
    for p in names:
        stem = p[: -len(".image.npy")]
        phantoms.append((np.load(p), np.load(stem + ".boxes.npy"), np.load(stem + ".masks.npy")))
    encoder, decoder = build(load_file(a.weights), a.variant)
    report = {"torch": torch.__version__, "threads": a.threads, "variant": a.variant,
              "weights": os.path.basename(a.weights), "phantoms": len(phantoms)}
    for name, bf16 in (("fp32", False), ("bf16", True)):
        enc = with_fp32_islands(encoder) if bf16 else encoder
        dec = with_fp32_islands(decoder) if bf16 else decoder
        report[name] = run(enc, dec, bf16, phantoms)
        print(name, json.dumps(report[name]), flush=True)
    f, b = report["fp32"], report["bf16"]
    report["bf16SpeedupEncoder"] = f["encoderMsPerImageMedian"] / b["encoderMsPerImageMedian"]
    report["bf16DiceChangeBoxConstrained"] = b["meanDiceBoxConstrained"] - f["meanDiceBoxConstrained"]
    report["bf16DiceChangeUnconstrained"] = b["meanDiceUnconstrained"] - f["meanDiceUnconstrained"]
    with open(a.out, "w") as fh:
        json.dump(report, fh, indent=2)
    print(json.dumps({k: v for k, v in report.items() if k not in ("fp32", "bf16")}))


if __name__ == "__main__":
    main()
