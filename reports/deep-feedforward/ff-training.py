#!/usr/bin/env python3
"""Redraws ff-training.svg from the CSV data alone: python3 ff-training.py (writes ff-training-matplotlib.svg)."""
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
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "plain", "depth": "10", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", marker="o", markersize=4, markevery=(0, 5), label="plain, depth 10")
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "plain", "depth": "20", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="--", marker="s", markersize=4, markevery=(1, 5), label="plain, depth 20")
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "plain", "depth": "50", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="--", marker="^", markersize=4, markevery=(2, 5), label="plain, depth 50")
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "highway", "depth": "10", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="highway, depth 10")
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "highway", "depth": "20", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 5), label="highway, depth 20")
ax.plot(*series("ff_training.csv", "update", "accuracy", {"activation": "tanh", "architecture": "highway", "depth": "50", "init": "normalised", "spectrum": "", "train": "true", "weights": "", "seed": "1"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 5), label="highway, depth 50")
ax.set_title("Held-out accuracy during training (dashed: plain)")
ax.set_xlabel("update")
ax.set_ylabel("accuracy")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "ff-training-matplotlib.svg"))
plt.close(fig)
