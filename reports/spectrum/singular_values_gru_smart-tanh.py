#!/usr/bin/env python3
"""Redraws singular_values_gru_smart-tanh.svg from the CSV data alone: python3 singular_values_gru_smart-tanh.py (writes singular_values_gru_smart-tanh-matplotlib.svg)."""
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
ax.plot(*series("spectrum.csv", "index", "singular_value", {"cell": "gru", "init": "smart-tanh", "matrix": "weight_hh_l0/r", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label="weight_hh_l0/r")
ax.plot(*series("spectrum.csv", "index", "singular_value", {"cell": "gru", "init": "smart-tanh", "matrix": "weight_hh_l0/z", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 4), label="weight_hh_l0/z")
ax.plot(*series("spectrum.csv", "index", "singular_value", {"cell": "gru", "init": "smart-tanh", "matrix": "weight_hh_l0/n", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="weight_hh_l0/n")
ax.set_title("gru, init smart-tanh: singular values of each gate block of W_hh")
ax.set_xlabel("index (largest first)")
ax.set_ylabel("singular value (log scale)")
ax.set_yticks([-2.0, -1.0, 0.0])
ax.set_yticklabels(["1e-2", "1e-1", "1e0"])
ax.set_ylim(-2.360277799077904, 0.4103209628016888)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "singular_values_gru_smart-tanh-matplotlib.svg"))
plt.close(fig)
