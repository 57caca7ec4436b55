#!/usr/bin/env python3
"""Redraws gradient_norms_scale1.svg from the CSV data alone: python3 gradient_norms_scale1.py (writes gradient_norms_scale1-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "lstm", "sigma_max": "1", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="lstm, gaussian")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "gru", "sigma_max": "1", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="gru, gaussian")
ax.set_title("‖∂L/∂h_t‖ at sigma_max 1 (seed 1)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-40.0, -30.0, -20.0, -10.0, 0.0])
ax.set_yticklabels(["1e-40", "1e-30", "1e-20", "1e-10", "1e0"])
ax.set_ylim(-44.31098703934448, 2.1270650534573003)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms_scale1-matplotlib.svg"))
plt.close(fig)
