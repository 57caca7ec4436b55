#!/usr/bin/env python3
"""Redraws lag_norms_taskcopy-memory.svg from the CSV data alone: python3 lag_norms_taskcopy-memory.py (writes lag_norms_taskcopy-memory-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "updates": "2000", "seed": "1", "task": "copy-memory", "update": "2000"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label=" (update 2000)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "updates": "2000", "seed": "1", "task": "copy-memory", "update": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task copy-memory)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-6.0, -5.0, -4.0, -3.0])
ax.set_yticklabels(["1e-6", "1e-5", "1e-4", "1e-3"])
ax.set_ylim(-6.1703412708571355, -2.8177401930269053)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms_taskcopy-memory-matplotlib.svg"))
plt.close(fig)
