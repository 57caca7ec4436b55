#!/usr/bin/env python3
"""Redraws gradient_norms_biaszero_init_scale4.svg from the CSV data alone: python3 gradient_norms_biaszero_init_scale4.py (writes gradient_norms_biaszero_init_scale4-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru", "update_bias": "-2"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="‖∂L/∂h‖, gru, b = -2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru", "update_bias": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="‖∂L/∂h‖, gru, b = 0")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru", "update_bias": "2"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 5), label="‖∂L/∂h‖, gru, b = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru", "update_bias": "4"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="‖∂L/∂h‖, gru, b = 4")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru-reset-before", "update_bias": "-2"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 5), label="‖∂L/∂h‖, gru-reset-before, b = -2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru-reset-before", "update_bias": "0"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 5), label="‖∂L/∂h‖, gru-reset-before, b = 0")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru-reset-before", "update_bias": "2"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(1, 5), label="‖∂L/∂h‖, gru-reset-before, b = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"bias": "zero", "init_scale": "4", "seed": "1", "layer": "0", "cell": "gru-reset-before", "update_bias": "4"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(2, 5), label="‖∂L/∂h‖, gru-reset-before, b = 4")
ax.set_title("bias = zero, init_scale = 4: gradient norms by cell and update_bias")
ax.set_xlabel("lag T − t")
ax.set_ylabel("gradient norm (log scale)")
ax.set_yticks([0.0, 10.0, 20.0])
ax.set_yticklabels(["1e0", "1e10", "1e20"])
ax.set_ylim(-3.0881454653554137, 28.05754278057104)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms_biaszero_init_scale4-matplotlib.svg"))
plt.close(fig)
