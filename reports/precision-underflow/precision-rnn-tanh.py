#!/usr/bin/env python3
"""Redraws precision-rnn-tanh.svg from the CSV data alone: python3 precision-rnn-tanh.py (writes precision-rnn-tanh-matplotlib.svg)."""
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
ax.plot(*series("precision_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "loss_scale": "1", "seed": "1", "layer": "0", "format": "exact"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="exact (scaled)")
ax.plot(*series("precision_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "loss_scale": "1", "seed": "1", "layer": "0", "format": "float64"}), color="#D55E00", linewidth=1.6, linestyle="--", marker="s", markersize=4, markevery=(1, 5), label="float64")
ax.plot(*series("precision_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "loss_scale": "1", "seed": "1", "layer": "0", "format": "float32"}), color="#009E73", linewidth=1.6, linestyle="--", marker="^", markersize=4, markevery=(2, 5), label="float32")
ax.plot(*series("precision_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "loss_scale": "1", "seed": "1", "layer": "0", "format": "bfloat16"}), color="#CC79A7", linewidth=1.6, linestyle="--", marker="D", markersize=4, markevery=(3, 5), label="bfloat16")
ax.plot(*series("precision_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "loss_scale": "1", "seed": "1", "layer": "0", "format": "float16"}), color="#E69F00", linewidth=1.6, linestyle="--", marker="v", markersize=4, markevery=(4, 5), label="float16")
ax.set_title("rnn-tanh: ‖∂L/∂h_t‖ exact and stored in each format (loss scale 1)")
ax.set_xlabel("lag (steps back from T)")
ax.set_ylabel("‖∂L/∂h_t‖")
ax.set_yticks([-500.0, -400.0, -300.0, -200.0, -100.0, 0.0])
ax.set_yticklabels(["1e-500", "1e-400", "1e-300", "1e-200", "1e-100", "1e0"])
ax.set_ylim(-518.4125442976026, 25.11953565337016)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "precision-rnn-tanh-matplotlib.svg"))
plt.close(fig)
