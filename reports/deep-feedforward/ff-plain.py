#!/usr/bin/env python3
"""Redraws ff-plain.svg from the CSV data alone: python3 ff-plain.py (writes ff-plain-matplotlib.svg)."""
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
ax.plot(*series("ff_layers.csv", "layer_l", "relative_grad_log10", {"activation": "tanh", "architecture": "plain", "depth": "100", "init": "standard", "spectrum": "", "train": "", "weights": "", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 17), label="plain, tanh, standard")
ax.plot(*series("ff_layers.csv", "layer_l", "relative_grad_log10", {"activation": "tanh", "architecture": "plain", "depth": "100", "init": "normalised", "spectrum": "", "train": "", "weights": "", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 17), label="plain, tanh, normalised")
ax.plot(*series("ff_layers.csv", "layer_l", "relative_grad_log10", {"activation": "relu", "architecture": "plain", "depth": "100", "init": "standard", "spectrum": "", "train": "", "weights": "", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 17), label="plain, relu, standard")
ax.plot(*series("ff_layers.csv", "layer_l", "relative_grad_log10", {"activation": "relu", "architecture": "plain", "depth": "100", "init": "normalised", "spectrum": "", "train": "", "weights": "", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 17), label="plain, relu, normalised")
ax.plot(*series("ff_layers.csv", "layer_l", "relative_grad_log10", {"activation": "relu", "architecture": "plain", "depth": "100", "init": "he", "spectrum": "", "train": "", "weights": "", "seed": "1"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 17), label="plain, relu, he")
ax.set_title("Plain networks: ‖∂L/∂z_l‖ relative to the top layer, depth 100")
ax.set_xlabel("layer l (0: bottom)")
ax.set_ylabel("‖∂L/∂z_l‖ / ‖∂L/∂z_top‖")
ax.set_yticks([-40.0, -30.0, -20.0, -10.0, 0.0])
ax.set_yticklabels(["1e-40", "1e-30", "1e-20", "1e-10", "1e0"])
ax.set_ylim(-42.278540676735, 2.281839751025014)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "ff-plain-matplotlib.svg"))
plt.close(fig)
