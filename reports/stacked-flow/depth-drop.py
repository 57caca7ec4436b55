#!/usr/bin/env python3
"""Redraws depth-drop.svg from the CSV data alone: python3 depth-drop.py (writes depth-drop-matplotlib.svg)."""
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
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "rnn-tanh", "residual": "false", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="rnn-tanh, plain")
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "rnn-tanh", "residual": "true", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="--", marker="s", markersize=4, markevery=(0, 1), label="rnn-tanh, residual")
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "lstm", "residual": "false", "seed": "1", "layer": "0"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="lstm, plain")
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "lstm", "residual": "true", "seed": "1", "layer": "0"}), color="#CC79A7", linewidth=1.6, linestyle="--", marker="D", markersize=4, markevery=(0, 1), label="lstm, residual")
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "gru", "residual": "false", "seed": "1", "layer": "0"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 1), label="gru, plain")
ax.plot(*series("stacked_summary.csv", "layers", "depth_drop_log10", {"cell": "gru", "residual": "true", "seed": "1", "layer": "0"}), color="#56B4E9", linewidth=1.6, linestyle="--", marker="x", markersize=4, markevery=(0, 1), label="gru, residual")
ax.set_title("What the layers above cost the bottom layer at the last step")
ax.set_xlabel("layers")
ax.set_ylabel("‖∂L/∂h_T^(0)‖ / ‖∂L/∂h_T^(top)‖")
ax.set_yticks([-6.0, -4.0, -2.0, 0.0])
ax.set_yticklabels(["1e-6", "1e-4", "1e-2", "1e0"])
ax.set_ylim(-6.156682713973305, 0.8985831734870809)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "depth-drop-matplotlib.svg"))
plt.close(fig)
