#!/usr/bin/env python3
"""Redraws informative_gradient_taskadding-hochreiter1997.svg from the CSV data alone: python3 informative_gradient_taskadding-hochreiter1997.py (writes informative_gradient_taskadding-hochreiter1997-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "adding-hochreiter1997"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=adding-hs1997")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "adding-hochreiter1997"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=adding-default")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task adding-hochreiter1997)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-20.0, -15.0, -10.0, -5.0])
ax.set_yticklabels(["1e-20", "1e-15", "1e-10", "1e-5"])
ax.set_ylim(-20.366577065366574, -0.18831659254866162)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_taskadding-hochreiter1997-matplotlib.svg"))
plt.close(fig)
