#!/usr/bin/env python3
"""Redraws directions-gru.svg from the CSV data alone: python3 directions-gru.py (writes directions-gru-matplotlib.svg)."""
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
ax.plot(*series("direction_norms.csv", "t", "grad_h_log10", {"cell": "gru", "directions": "1", "seed": "1", "layer": "0", "direction": "forward"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 7), label="unidirectional, forward")
ax.plot(*series("direction_norms.csv", "t", "grad_h_log10", {"cell": "gru", "directions": "2", "seed": "1", "layer": "0", "direction": "forward"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 7), label="bidirectional, forward")
ax.plot(*series("direction_norms.csv", "t", "grad_h_log10", {"cell": "gru", "directions": "2", "seed": "1", "layer": "0", "direction": "reverse"}), color="#009E73", linewidth=1.6, linestyle="--", marker="^", markersize=4, markevery=(2, 7), label="bidirectional, reverse")
ax.set_title("gru: ‖∂L/∂h_t‖ of each direction by input position (layer 0)")
ax.set_xlabel("input position t")
ax.set_ylabel("‖∂L/∂h_t‖")
ax.set_yticks([-4.0, -3.0, -2.0, -1.0, 0.0])
ax.set_yticklabels(["1e-4", "1e-3", "1e-2", "1e-1", "1e0"])
ax.set_ylim(-4.6983222528970785, 0.3941249316947594)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "directions-gru-matplotlib.svg"))
plt.close(fig)
