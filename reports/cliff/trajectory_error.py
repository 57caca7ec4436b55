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
ax.plot(*series("trajectories.csv", "step", "log10_error", {"method": "unclipped"}), color="#0072B2", linewidth=1.6, linestyle="-", label="unclipped")
ax.plot(*series("trajectories.csv", "step", "log10_error", {"method": "clipped"}), color="#D55E00", linewidth=1.6, linestyle="-", label="clipped")
ax.set_title("Error along the descent paths")
ax.set_xlabel("step")
ax.set_ylabel("E (log scale)")
ax.set_yticks([-2.5, -2.0, -1.5, -1.0, -0.5])
ax.set_yticklabels(["0.00316", "1e-2", "0.0316", "1e-1", "0.316"])
ax.set_ylim(-2.8196552928161918, -0.3559808945979035)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "trajectory_error-matplotlib.svg"))
