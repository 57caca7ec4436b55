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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0", "informative": "true", "seed": "1", "length": "50"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=msgd")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0", "informative": "true", "seed": "1", "length": "50"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=msgd-c")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2", "informative": "true", "seed": "1", "length": "50"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=msgd-cr")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, length 50)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-1.0, 0.0, 1.0])
ax.set_yticklabels(["1e-1", "1e0", "1e1"])
ax.set_ylim(-1.5008783052322807, 1.4274441795523727)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient-matplotlib.svg"))
plt.close(fig)
