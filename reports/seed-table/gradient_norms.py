#!/usr/bin/env python3
"""Redraws gradient_norms.svg from the CSV data alone: python3 gradient_norms.py (writes gradient_norms-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "ratio_to_last", {"scale": "0.98", "coupling": ""}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="s = 0.98")
ax.plot(*series("gradient_norms.csv", "lag", "ratio_to_last", {"scale": "0.99", "coupling": ""}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="s = 0.99")
ax.plot(*series("gradient_norms.csv", "lag", "ratio_to_last", {"scale": "1.01", "coupling": ""}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 5), label="s = 1.01")
ax.plot(*series("gradient_norms.csv", "lag", "ratio_to_last", {"scale": "1.02", "coupling": ""}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="s = 1.02")
ax.set_title("‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ against lag, W_hh = s·I")
ax.set_xlabel("lag T − t")
ax.set_ylabel("ratio to the last step (log scale)")
ax.set_yticks([-2.0, 0.0, 2.0])
ax.set_yticklabels(["1e-2", "1e0", "1e2"])
ax.set_ylim(-3.519559625506345, 3.456139946366877)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms-matplotlib.svg"))
plt.close(fig)
