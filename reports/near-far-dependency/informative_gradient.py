#!/usr/bin/env python3
"""Redraws informative_gradient.svg from the CSV data alone: python3 informative_gradient.py (writes informative_gradient-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48", "informative": "true", "seed": "1", "gap": "50"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=rnn")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm", "cell": "lstm", "forget_bias": "1", "hidden_size": "22", "informative": "true", "seed": "1", "gap": "50"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=lstm")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "gru", "cell": "gru", "forget_bias": "", "hidden_size": "26", "informative": "true", "seed": "1", "gap": "50"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=gru")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, gap 50)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-10.0, -5.0, 0.0])
ax.set_yticklabels(["1e-10", "1e-5", "1e0"])
ax.set_ylim(-12.1419682904544, 0.9022077070844259)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient-matplotlib.svg"))
plt.close(fig)
