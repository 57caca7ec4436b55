#!/usr/bin/env python3
"""Redraws ff-products_1.svg from the CSV data alone: python3 ff-products_1.py (writes ff-products_1-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

HERE = os.path.dirname(os.path.abspath(__file__))
LOG_OF_COLUMN = False


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
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "gaussian", "spectrum": "true", "train": "", "weights": "untied", "seed": "1", "index": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="linear, gaussian, untied, σ_max")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "gaussian", "spectrum": "true", "train": "", "weights": "untied", "seed": "1", "index": "31"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="linear, gaussian, untied, σ_min")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "gaussian", "spectrum": "true", "train": "", "weights": "tied", "seed": "1", "index": "0"}), color="#009E73", linewidth=1.6, linestyle="--", marker="^", markersize=4, markevery=(2, 5), label="linear, gaussian, tied, σ_max")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "gaussian", "spectrum": "true", "train": "", "weights": "tied", "seed": "1", "index": "31"}), color="#CC79A7", linewidth=1.6, linestyle="--", marker="D", markersize=4, markevery=(3, 5), label="linear, gaussian, tied, σ_min")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "orthogonal", "spectrum": "true", "train": "", "weights": "untied", "seed": "1", "index": "0"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 5), label="linear, orthogonal, untied, σ_max")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "orthogonal", "spectrum": "true", "train": "", "weights": "untied", "seed": "1", "index": "31"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 5), label="linear, orthogonal, untied, σ_min")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "orthogonal", "spectrum": "true", "train": "", "weights": "tied", "seed": "1", "index": "0"}), color="#000000", linewidth=1.6, linestyle="--", marker="+", markersize=4, markevery=(1, 5), label="linear, orthogonal, tied, σ_max")
ax.plot(*series("ff_spectrum.csv", "depth_d", "log10_singular_value", {"activation": "linear", "architecture": "plain", "depth": "100", "init": "orthogonal", "spectrum": "true", "train": "", "weights": "tied", "seed": "1", "index": "31"}), color="#882255", linewidth=1.6, linestyle="--", marker="o", markersize=4, markevery=(2, 5), label="linear, orthogonal, tied, σ_min")
ax.set_title("Largest and smallest singular value of ∂a_d/∂a_0 (dashed: tied) (1 of 2)")
ax.set_xlabel("depth d")
ax.set_ylabel("singular value")
ax.set_yticks([-100.0, -80.0, -60.0, -40.0, -20.0, 0.0])
ax.set_yticklabels(["1e-100", "1e-80", "1e-60", "1e-40", "1e-20", "1e0"])
ax.set_ylim(-105.30286001828512, 7.5829887501354865)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "ff-products_1-matplotlib.svg"))
plt.close(fig)
