#!/usr/bin/python3
"""Exports SAM-UNet weights (official keys, safetensors) as the two TorchScript files of the
TorchScript load option (io.medstream.models.samunet.inference.SamUnetPredictor.Options.torchScript):

    encoder.pt  image [B,3,256,256] -> (image_embeddings [B,P,16,16], multi_scale [B,P/8,64,64])
    decoder.pt  image_embeddings [1,P,16,16], multi_scale [1,P/8,64,64],
                point_coords [N,K,2], point_labels [N,K] -> low_res_logits [N,1,64,64]

(docs/sam-unet.md section 10; P = 256 official, 128 tiny). The PyTorch model is the independent
reference of tools/samunet_goldens.py, assembled by tools/samunet_reference_model.py.

Also writes, for a fixed deterministic input (samunet_goldens.micro_image and two box prompts):
    reference.npz   image, point_coords, point_labels, image_embeddings, multi_scale, low_res_logits
                    (eager PyTorch outputs, float32)
    reference.json  torch version, variant, shapes, and the traced-vs-eager check at other batch
                    sizes (encoder B=2, decoder N=3,K=3): max abs differences

The weights can come from Java (WeightExporter.exportFile) or from tools/convert_checkpoint.py.
B, N and K stay dynamic in the traced files; the 256 input side is frozen (trace warnings about
window padding and rel-pos indices are expected and silenced).

Usage (Debian: apt-get install python3-torch python3-numpy):
    /usr/bin/python3 tools/samunet_torchscript_fixtures.py weights.safetensors out_dir [--variant tiny]
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import samunet_goldens as ref  # noqa: E402
from safetensors_np import load_file  # noqa: E402
from samunet_reference_model import VARIANTS, build  # noqa: E402

# traced-vs-eager must be exact up to kernel reordering; anything larger means a frozen shape
TRACE_TOLERANCE = 1e-5


def example_prompts():
    """Two box prompts in the 256 frame: coords [2,2,2] (x,y), labels [2,2] (2 = top-left, 3 = bottom-right)."""
    coords = torch.tensor([[[20.0, 30.0], [140.0, 170.0]], [[100.0, 60.0], [250.0, 200.0]]])
    labels = torch.tensor([[2.0, 3.0], [2.0, 3.0]])
    return coords, labels


def check_prompts():
    """Three prompts with K=3: two points + pad, a point + box, two points + pad (other N and K than traced)."""
    coords = torch.tensor([[[40.0, 50.0], [200.0, 30.0], [0.0, 0.0]],
                           [[90.0, 90.0], [60.0, 70.0], [180.0, 150.0]],
                           [[10.0, 240.0], [128.0, 128.0], [0.0, 0.0]]])
    labels = torch.tensor([[1.0, 0.0, -1.0], [1.0, 2.0, 3.0], [0.0, 1.0, -1.0]])
    return coords, labels


def max_abs(a, b):
    return float((a - b).abs().max())


def export(weights, out_dir, variant):
    encoder, decoder = build(load_file(weights), variant)
    image = ref.micro_image()  # [1,3,256,256]
    coords, labels = example_prompts()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        emb, ms = encoder(image)
        logits = decoder(emb, ms, coords, labels)
        traced_encoder = torch.jit.trace(encoder, (image,), check_trace=False)
        traced_decoder = torch.jit.trace(decoder, (emb, ms, coords, labels), check_trace=False)

        # dynamic B for the encoder: a second, different image in the batch
        batch = torch.cat([image, image.flip(-1)], 0)  # [2,3,256,256]
        e_eager, m_eager = encoder(batch)
        e_traced, m_traced = traced_encoder(batch)
        # dynamic N and K for the decoder, on the second image's features
        c3, l3 = check_prompts()
        d_eager = decoder(e_eager[1:], m_eager[1:], c3, l3)
        d_traced = traced_decoder(e_traced[1:], m_traced[1:], c3, l3)
    checks = {
        "encoder_b2_embeddings": max_abs(e_eager, e_traced),
        "encoder_b2_multi_scale": max_abs(m_eager, m_traced),
        "decoder_n3_k3_logits": max_abs(d_eager, d_traced),
    }
    bad = {k: v for k, v in checks.items() if not v <= TRACE_TOLERANCE}
    if bad:
        raise SystemExit(f"traced modules differ from eager beyond {TRACE_TOLERANCE}: {bad}")

    os.makedirs(out_dir, exist_ok=True)
    traced_encoder.save(os.path.join(out_dir, "encoder.pt"))
    traced_decoder.save(os.path.join(out_dir, "decoder.pt"))
    np.savez(os.path.join(out_dir, "reference.npz"),
             image=ref.np32(image), point_coords=ref.np32(coords), point_labels=ref.np32(labels),
             image_embeddings=ref.np32(emb), multi_scale=ref.np32(ms), low_res_logits=ref.np32(logits))
    info = {
        "torch": torch.__version__,
        "variant": variant,
        "weights": os.path.abspath(weights),
        "shapes": {"image_embeddings": list(emb.shape), "multi_scale": list(ms.shape),
                   "low_res_logits": list(logits.shape)},
        "traced_vs_eager_max_abs": checks,
    }
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    return info


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("weights", help="safetensors with official SAM-UNet keys")
    p.add_argument("out_dir")
    p.add_argument("--variant", default="tiny", choices=sorted(VARIANTS))
    a = p.parse_args()
    torch.set_num_threads(1)  # the callers (tests, CI) share the CPU
    info = export(a.weights, a.out_dir, a.variant)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
