#!/usr/bin/python3
"""Convert an official SAM-UNet checkpoint (.pth) to safetensors for medstream's DJL port.

DJL cannot read pickles.  This script loads the checkpoint with PyTorch, checks every key and shape
against the official key list (`sam-unet-keys-<variant>.tsv`: 559 entries for vit_b_r34, 661 for
vit_b_r50, BatchNorm buffers included), and writes one named tensor per state_dict key.  The
safetensors header is written by hand (tools/safetensors_np.py) because Debian ships no
`safetensors` package.  Load the result in Java with `WeightImporter.importFile(block, path)`.

Checkpoint layout accepted: a raw state_dict, or a dict with key 'model' (the training script saves
{'model': state_dict, 'optimizer': <Adam>}; torch >= 2.6 needs weights_only=False for that pickle,
which executes code from the file: only convert checkpoints you trust).  A 'module.' prefix (DDP) is
stripped.

Usage:
    /usr/bin/python3 tools/convert_checkpoint.py epoch12_sam_unet.pth out.safetensors \
        --variant vit_b_r34 [--keys models/src/test/resources/samunet/sam-unet-keys-vit_b_r34.tsv]

    # SAM initialisation (the only public weights): original SAM ViT-B (sam_vit_b_01ec64.pth) mapped
    # to SAM-UNet keys, pos_embed resized 64x64 -> 16x16 and the global rel-pos tables 127 -> 31 rows
    # (bilinear, align_corners=False, as the reference's load_from does); the window tables (27 rows)
    # are kept.  Covers the ViT, the prompt encoder, and the decoder's transformer/output_upscaling;
    # everything else (ResNet, adapters, bridges, embedding encoder, med_token, hf_mlp,
    # embedding_maskfeature) is absent and must come from training.  Load it in Java with
    # WeightImporter.importList(block, tensors, true) (missing keys allowed and reported).
    /usr/bin/python3 tools/convert_checkpoint.py --from-sam sam_vit_b_01ec64.pth sam_init.safetensors \
        --variant vit_b_r34

    # self-check of the writer/validator without a real checkpoint (random tensors, same keys):
    /usr/bin/python3 tools/convert_checkpoint.py --self-test --variant vit_b_r34 /tmp/r34.safetensors
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_np import load_file, save_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_KEYS = os.path.join(HERE, "..", "models", "src", "test", "resources", "samunet",
                            "sam-unet-keys-{}.tsv")
_TORCH_TO_NP = {"torch.float32": np.float32, "torch.int64": np.int64}


def read_keys(path):
    """TSV rows: key, shape '(a, b)' or '()', dtype 'torch.float32'."""
    keys = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            key, shape, dtype = line.rstrip("\n").split("\t")
            dims = [int(d) for d in shape.strip("()").replace(" ", "").split(",") if d]
            keys[key] = (tuple(dims), dtype)
    return keys


def load_state_dict(path):
    import torch  # only needed for real checkpoints

    kwargs = {"map_location": "cpu"}
    try:
        obj = torch.load(path, weights_only=False, **kwargs)
    except TypeError:  # torch < 1.13 has no weights_only
        obj = torch.load(path, **kwargs)
    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]
    out = {}
    for k, v in obj.items():
        if k.startswith("module."):
            k = k[len("module."):]
        out[k] = v.detach().cpu().numpy() if hasattr(v, "detach") else np.asarray(v)
    return out


def from_sam(sam_state, image_size=256, patch=16, global_idx=(2, 5, 8, 11)):
    """Maps an original SAM state_dict to SAM-UNet keys, resizing as the reference's load_from."""
    import torch
    import torch.nn.functional as F

    prefixes = [("image_encoder.", "image_encoder.sam_img_encoder."),
                ("prompt_encoder.", "prompt_encoder.sam_prompt_encoder."),
                ("mask_decoder.transformer.", "mask_decoder.sam_mask_decoder.transformer."),
                ("mask_decoder.output_upscaling.", "mask_decoder.sam_mask_decoder.output_upscaling.")]
    tokens = image_size // patch
    globals_ = {f"image_encoder.blocks.{i}.attn.rel_pos_{a}" for i in global_idx for a in "hw"}
    out = {}
    for k, v in sam_state.items():
        t = torch.as_tensor(v).float()
        if k == "image_encoder.pos_embed" and t.shape[1] != tokens:
            # [1,64,64,C] -> [1,C,64,64] -> bilinear -> [1,16,16,C]
            t = F.interpolate(t.permute(0, 3, 1, 2), (tokens, tokens), mode="bilinear",
                              align_corners=False).permute(0, 2, 3, 1)
        elif k in globals_ and t.shape[0] != 2 * tokens - 1:
            # [L,hd] -> [1,1,L,hd] -> bilinear to (2*tokens-1, hd)
            t = F.interpolate(t[None, None], (2 * tokens - 1, t.shape[1]), mode="bilinear",
                              align_corners=False)[0, 0]
        for old, new in prefixes:
            if k.startswith(old):
                out[new + k[len(old):]] = t.numpy()
                break
        # iou_token, mask_tokens, output_hypernetworks_mlps, iou_prediction_head: not in SAM-UNet
    return out


def validate_subset(state, keys):
    """Every key known with the right shape; missing keys allowed (reported)."""
    unexpected = [k for k in state if k not in keys]
    mismatched = [f"{k}: {tuple(state[k].shape)} vs {keys[k][0]}"
                  for k in state if k in keys and tuple(state[k].shape) != keys[k][0]]
    if unexpected or mismatched:
        raise SystemExit(f"unexpected: {unexpected[:5]}; shape mismatches: {mismatched[:5]}")
    return [k for k in keys if k not in state]


def validate(state, keys):
    missing = [k for k in keys if k not in state]
    unexpected = [k for k in state if k not in keys]
    mismatched = [f"{k}: {tuple(state[k].shape)} vs {keys[k][0]}"
                  for k in keys if k in state and tuple(state[k].shape) != keys[k][0]]
    if missing or unexpected or mismatched:
        raise SystemExit(
            "checkpoint does not match the key list:\n"
            f"  missing ({len(missing)}): {missing[:5]}\n"
            f"  unexpected ({len(unexpected)}): {unexpected[:5]}\n"
            f"  shape mismatches ({len(mismatched)}): {mismatched[:5]}")


def convert(state, keys, out_path, variant):
    tensors = {}
    for k, (_, dtype) in keys.items():  # official order
        tensors[k] = np.array(state[k], dtype=_TORCH_TO_NP[dtype], order="C")
    save_file(tensors, out_path, {"format": "sam-unet", "variant": variant})
    return tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="checkpoint.pth out.safetensors (or just out with --self-test)")
    ap.add_argument("--variant", required=True, choices=["vit_b_r34", "vit_b_r50"])
    ap.add_argument("--keys", help="key list TSV (default: the test fixture for the variant)")
    ap.add_argument("--from-sam", action="store_true",
                    help="input is an original SAM ViT-B checkpoint: write the SAM-initialised subset")
    ap.add_argument("--self-test", action="store_true",
                    help="write random tensors for every key, read back, compare")
    args = ap.parse_args()
    keys = read_keys(args.keys or DEFAULT_KEYS.format(args.variant))

    if args.self_test:
        (out,) = args.paths
        rng = np.random.default_rng(0)
        state = {k: (rng.standard_normal(s).astype(np.float32) if d == "torch.float32"
                     else np.array(7, dtype=np.int64).reshape(s))
                 for k, (s, d) in keys.items()}
    elif args.from_sam:
        src, out = args.paths
        state = from_sam(load_state_dict(src))
        missing = validate_subset(state, keys)
        print(f"SAM init: {len(state)} of {len(keys)} keys; {len(missing)} left to training, e.g. {missing[:3]}")
        keys = {k: v for k, v in keys.items() if k in state}
    else:
        src, out = args.paths
        state = load_state_dict(src)
    if not args.from_sam:
        validate(state, keys)
    written = convert(state, keys, out, args.variant)
    back = load_file(out)
    assert list(back) == list(written), "key order changed on read-back"
    for k, v in written.items():
        if back[k].dtype != v.dtype or not np.array_equal(back[k], v):
            raise SystemExit(f"read-back mismatch for {k}")
    n = sum(int(np.prod(keys[k][0])) for k in keys if keys[k][1] == "torch.float32")
    print(f"wrote {out}: {len(written)} tensors, {n} float32 values, read-back identical")


if __name__ == "__main__":
    main()
