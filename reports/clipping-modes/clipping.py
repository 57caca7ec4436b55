#!/usr/bin/env python3
"""Redraws clipping.svg from the CSV data alone: python3 clipping.py (writes clipping-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

HERE = os.path.dirname(os.path.abspath(__file__))
LOG_OF_COLUMN = True


def series(path, x, y, filters):
    xs, ys = [], []
    with open(os.path.join(HERE, path), newline="") as f:
        for row in csv.DictReader(f):
            if all(row[k] == v for k, v in filters.items()):
                try:
                    xv, yv = float(row[x]), float(row[y])
                except ValueError:
                    continue
                if LOG_OF_COLUMN:
                    yv = math.log10(yv) if yv > 0 else float("nan")
                if math.isfinite(xv) and math.isfinite(yv):
                    xs.append(xv)
                    ys.append(yv)
    return xs, ys


fig, ax = plt.subplots(figsize=(7.6, 4.6))
ax.plot(*series("clipping.csv", "sigma_max", "pre_clip_norm", {"mode": "global-norm-pytorch", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", marker="o", markersize=4, markevery=(0, 2), label="pre-clip (all modes)")
ax.plot(*series("clipping.csv", "sigma_max", "post_clip_norm", {"mode": "mikolov-bptt", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 2), label="post-clip, mikolov-bptt")
ax.plot(*series("clipping.csv", "sigma_max", "post_clip_norm", {"mode": "global-norm-pytorch", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 2), label="post-clip, global-norm-pytorch")
ax.plot(*series("clipping.csv", "sigma_max", "post_clip_norm", {"mode": "global-norm-exact", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(1, 2), label="post-clip, global-norm-exact")
ax.plot(*series("clipping.csv", "sigma_max", "post_clip_norm", {"mode": "per-tensor-norm", "seed": "1"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 2), label="post-clip, per-tensor-norm")
ax.plot(*series("clipping.csv", "sigma_max", "post_clip_norm", {"mode": "value", "seed": "1"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(1, 2), label="post-clip, value")
ax.set_title("Gradient norm before and after clipping (seed 1)")
ax.set_xlabel("σ_max(W_hh)")
ax.set_ylabel("‖g‖ (log scale)")
ax.set_yticks([0.0, 5.0, 10.0])
ax.set_yticklabels(["1e0", "1e5", "1e10"])
ax.set_ylim(-0.9133846625543862, 12.89823705086712)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "clipping-matplotlib.svg"))
plt.close(fig)
