#!/usr/bin/env python3
"""Independent consistency check of phantom ground truth written by io.medstream.models.phantom.GroundTruthWriter.

For every <dir>/findings.json under the given roots it re-reads the mask PNGs with PIL and checks, without any
Java code: masks are 8-bit 0/255 of rows x columns; every structure is inside "body"; every lesion is inside its
host organ and disjoint from the other lesions; area, centroid and bounding box equal the JSON; the longest
pixel-centre diameter x spacing is within 2 pixel spacings of longestDiameterMm; side follows the documented
radiological rule (docs/PHANTOMS.md, midline band 0.04 x columns).

Usage (Debian: apt-get install python3-pil python3-numpy):
    /usr/bin/python3 tools/check_phantom_ground_truth.py <root-or-slice-dir> [...]
Exit status 0 when every slice passes, 1 otherwise.
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def longest_diameter(mask):
    rows, cols = np.nonzero(mask)
    pts = np.stack([rows, cols], axis=1).astype(np.float64)
    if len(pts) < 2:
        return 0.0
    best = 0.0
    for i in range(len(pts)):
        d = ((pts[i + 1:] - pts[i]) ** 2).sum(axis=1)
        if d.size:
            best = max(best, float(d.max()))
    return best ** 0.5


def check_slice(slice_dir, band_fraction=0.04):
    errors = []
    with open(os.path.join(slice_dir, "findings.json")) as f:
        gt = json.load(f)
    rows, cols = gt["rows"], gt["columns"]
    masks = {}
    for st in gt["structures"]:
        img = Image.open(os.path.join(slice_dir, st["file"]))
        a = np.asarray(img)
        if img.mode != "L" or a.shape != (rows, cols):
            errors.append("%s: mode %s shape %s" % (st["name"], img.mode, a.shape))
            continue
        if not set(np.unique(a)).issubset({0, 255}):
            errors.append("%s: values other than 0/255" % st["name"])
        m = a >= 128
        masks[st["name"]] = m
        if int(m.sum()) != st["areaPixels"]:
            errors.append("%s: area %d != %d" % (st["name"], m.sum(), st["areaPixels"]))
    body = masks.get("body")
    for name, m in masks.items():
        if body is not None and (m & ~body).any():
            errors.append("%s sticks out of body" % name)
    spacing = gt["pixelSpacingMm"]
    lesion_masks = []
    for les in gt["lesions"]:
        m = masks[les["id"]]
        host = masks[les["organ"]]
        if (m & ~host).any():
            errors.append("%s not inside %s" % (les["id"], les["organ"]))
        for other in lesion_masks:
            if (m & other).any():
                errors.append("%s overlaps another lesion" % les["id"])
        lesion_masks.append(m)
        rr, cc = np.nonzero(m)
        if abs(rr.mean() - les["centroidRow"]) > 1e-9 or abs(cc.mean() - les["centroidCol"]) > 1e-9:
            errors.append("%s centroid mismatch" % les["id"])
        if [rr.min(), cc.min(), rr.max(), cc.max()] != [les["minRow"], les["minCol"], les["maxRow"], les["maxCol"]]:
            errors.append("%s bounding box mismatch" % les["id"])
        d = longest_diameter(m) * spacing
        if abs(d - les["longestDiameterMm"]) > 2 * spacing:
            errors.append("%s diameter %.2f mm vs %.2f mm" % (les["id"], d, les["longestDiameterMm"]))
        mid, band = (cols - 1) / 2.0, band_fraction * cols
        x = cc.mean()
        side = "RIGHT" if x < mid - band else "LEFT" if x > mid + band else "MIDLINE"
        if side != les["side"]:
            errors.append("%s side %s, expected %s" % (les["id"], les["side"], side))
    return errors


def main(paths):
    failed = 0
    n = 0
    for root in paths:
        for dirpath, _, files in os.walk(root):
            if "findings.json" in files:
                n += 1
                errs = check_slice(dirpath)
                if errs:
                    failed += 1
                    print("FAIL %s: %s" % (dirpath, "; ".join(errs)))
    print("%d slice(s) checked, %d failed" % (n, failed))
    return 1 if failed or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
