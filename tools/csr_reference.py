#!/usr/bin/env python3
"""Independent re-computation (plain Python, no medstream code) of the numbers the Java report tests pin:

* the CSR spec §1.4 rank-based reward vector (reference-code form: within-sibling ranks, alpha = 0.9,
  path cost = sum of sentence costs / (nodes including the root), only child ranks 1.0);
* the paper-form weighted sum on [0,1] scales used by RewardMode.WEIGHTED_SUM;
* the DPO sigmoid loss values of DpoLossTest.

Run: python3 tools/csr_reference.py   (prints the values; exits non-zero if a pinned value differs)
"""
import math

ALPHA = 0.9
# node: (parent, step LM score, clip)
TREE = {
    "A": ("root", -0.50, 24.0), "B": ("root", -0.80, 27.0), "C": ("root", -1.20, 22.0),
    "A1": ("A", -0.40, 25.0), "A2": ("A", -0.90, 20.0), "B1": ("B", -0.60, 26.0),
    "C1": ("C", -0.70, 21.0), "C2": ("C", -0.30, 23.0),
}
FINAL = ["A1", "A2", "B1", "C1", "C2"]


def cum(n):
    return 0.0 if n == "root" else cum(TREE[n][0]) + TREE[n][1]


def ranks(sibs, key):
    order = sorted(sibs, key=key)  # stable; key sorts best first
    return {n: (i + 1) / len(sibs) for i, n in enumerate(order)}


cost = {}
for parent in ["root", "A", "B", "C"]:
    sibs = [n for n in TREE if TREE[n][0] == parent]
    rl = ranks(sibs, lambda n: -cum(n))
    rc = ranks(sibs, lambda n: -TREE[n][2])
    for n in sibs:
        cost[n] = (1 - ALPHA) * rl[n] + ALPHA * rc[n]


def path(n):
    return [] if n == "root" else path(TREE[n][0]) + [n]


rank_paths = sorted(((sum(cost[x] for x in path(f)) / (len(path(f)) + 1), "→".join(path(f))) for f in FINAL))
expected = [(0.3778, "A→A1"), (0.4556, "B→B1"), (0.5000, "C→C2"), (0.5444, "A→A2"), (0.6667, "C→C1")]
ok = True
for (c, p), (ec, ep) in zip(rank_paths, expected):
    print(f"rank   {p}: {c:.4f}")
    ok &= p == ep and abs(c - ec) < 1e-4


def weighted(clip, lm):
    return ALPHA * (clip / 100 + 1) / 2 + (1 - ALPHA) * math.exp(lm)


w_paths = sorted(((-sum(weighted(TREE[x][2], TREE[x][1]) for x in path(f)) / len(path(f)), "→".join(path(f)))
                  for f in FINAL))
for c, p in w_paths:
    print(f"weighted {p}: {-c:.4f}")
ok &= [p for _, p in w_paths] == ["A→A1", "B→B1", "C→C2", "A→A2", "C→C1"]
ok &= abs(-w_paths[0][0] - 0.6241) < 1e-4 and abs(-w_paths[-1][0] - 0.5866) < 1e-4


def dpo(pc, pr, rc, rr, beta=0.1):
    z = beta * ((pc - rc) - (pr - rr))
    return math.log1p(math.exp(-z))


for args, exp in [((-10, -15, -12, -14), 0.5543552), ((-7, -9, -7, -9), math.log(2)), ((-20, -5, -10, -5), 1.3132617)]:
    v = dpo(*args)
    print(f"dpo {args}: {v:.7f}")
    ok &= abs(v - exp) < 1e-7
print("OK" if ok else "MISMATCH")
raise SystemExit(0 if ok else 1)
