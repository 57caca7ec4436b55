#!/usr/bin/env python3
"""Redraws non_normal.svg from the CSV data alone: python3 non_normal.py (writes non_normal-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

HERE = os.path.dirname(os.path.abspath(__file__))
LOG_OF_COLUMN = True


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
ax.plot(*series("gradient_norms.csv", "lag", "ratio_to_last", {"scale": "0.95", "coupling": "0.9"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="measured, s = 0.95, c = 0.9")
ax.plot(*series("gradient_norms.csv", "lag", "predicted_ratio", {"scale": "0.95", "coupling": "0.9"}), color="#D55E00", linewidth=1.6, linestyle="--", marker="s", markersize=4, markevery=(1, 5), label="ρ^lag = 0.95^lag")
ax.set_title("Non-normal W_hh = s·I + c·N: transient growth, then decay (σ_max^lag is off the scale)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("ratio to the last step (log scale)")
ax.set_yticks([-5.0, 0.0, 5.0, 10.0, 15.0])
ax.set_yticklabels(["1e-5", "1e0", "1e5", "1e10", "1e15"])
ax.set_ylim(-9.430028114805761, 19.151140880368356)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "non_normal-matplotlib.svg"))
plt.close(fig)
