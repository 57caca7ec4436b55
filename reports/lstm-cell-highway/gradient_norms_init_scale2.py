#!/usr/bin/env python3
"""Redraws gradient_norms_init_scale2.svg from the CSV data alone: python3 gradient_norms_init_scale2.py (writes gradient_norms_init_scale2-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="‖∂L/∂c‖, lstm, b = 0")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "0"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="‖∂L/∂c‖, lstm, b = 1")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "1"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "2"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 5), label="‖∂L/∂c‖, lstm, b = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "2"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "3"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="‖∂L/∂c‖, lstm, b = 3")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "lstm", "forget_bias": "3"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"init_scale": "2", "seed": "1", "layer": "0", "cell": "rnn-tanh"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 5), label="‖∂L/∂h‖, rnn-tanh")
ax.set_title("init_scale = 2: gradient norms by cell and forget_bias (dashed: ‖∂L/∂h‖)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("gradient norm (log scale)")
ax.set_yticks([0.0, 5.0, 10.0, 15.0])
ax.set_yticklabels(["1e0", "1e5", "1e10", "1e15"])
ax.set_ylim(-2.357528868016036, 16.29539970449159)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms_init_scale2-matplotlib.svg"))
plt.close(fig)
