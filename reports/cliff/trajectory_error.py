#!/usr/bin/env python3
"""Redraws trajectory_error.svg from the CSV data alone: python3 trajectory_error.py (writes trajectory_error-matplotlib.svg)."""
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
ax.plot(*series("trajectories.csv", "step", "log10_error", {"method": "unclipped"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 7), label="unclipped")
ax.plot(*series("trajectories.csv", "step", "log10_error", {"method": "clipped"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 7), label="clipped")
ax.set_title("Error along the descent paths")
ax.set_xlabel("step")
ax.set_ylabel("E (log scale)")
ax.set_yticks([-2.6989700043360187, -2.5228787452803374, -2.3979400086720375, -2.3010299956639813, -2.221848749616356, -2.154901959985743, -2.0969100130080562, -2.0457574905606752, -2.0, -1.6989700043360187, -1.5228787452803376, -1.3979400086720375, -1.3010299956639813, -1.2218487496163564, -1.154901959985743, -1.0969100130080565, -1.0457574905606752, -1.0, -0.6989700043360187, -0.5228787452803376, -0.3979400086720376])
ax.set_yticklabels(["0.002", "0.003", "0.004", "0.005", "0.006", "0.007", "0.008", "0.009", "1e-2", "0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "1e-1", "0.2", "0.3", "0.4"])
ax.set_ylim(-2.8196552928161918, -0.3559808945979035)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "trajectory_error-matplotlib.svg"))
plt.close(fig)
