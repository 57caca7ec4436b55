#!/usr/bin/env python3
"""Redraws informative_gradient_taskcounting-anbn.svg from the CSV data alone: python3 informative_gradient_taskcounting-anbn.py (writes informative_gradient_taskcounting-anbn-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-count", "cell": "lstm", "forget_bias": "1", "hidden_size": "10", "length": "10", "updates": "2000", "informative": "true", "seed": "1", "task": "counting-anbn"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 2), label="arm=lstm-count")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "gru-count", "cell": "gru", "forget_bias": "", "hidden_size": "12", "length": "10", "updates": "2000", "informative": "true", "seed": "1", "task": "counting-anbn"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 2), label="arm=gru-count")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task counting-anbn)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-8.0, -6.0, -4.0, -2.0])
ax.set_yticklabels(["1e-8", "1e-6", "1e-4", "1e-2"])
ax.set_ylim(-9.890092091948155, -1.629686798702911)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_taskcounting-anbn-matplotlib.svg"))
plt.close(fig)
