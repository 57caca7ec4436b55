#!/usr/bin/env python3
"""Redraws gradient_norms.svg from the CSV data alone: python3 gradient_norms.py (writes gradient_norms-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

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
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"seed": "1", "layer": "0", "forget_bias": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", label="‖∂L/∂c‖, b = 0")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"seed": "1", "layer": "0", "forget_bias": "0"}), color="#D55E00", linewidth=1.6, linestyle="--", label="‖∂L/∂h‖, b = 0")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"seed": "1", "layer": "0", "forget_bias": "1"}), color="#009E73", linewidth=1.6, linestyle="-", label="‖∂L/∂c‖, b = 1")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"seed": "1", "layer": "0", "forget_bias": "1"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="‖∂L/∂h‖, b = 1")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"seed": "1", "layer": "0", "forget_bias": "2"}), color="#E69F00", linewidth=1.6, linestyle="-", label="‖∂L/∂c‖, b = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"seed": "1", "layer": "0", "forget_bias": "2"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="‖∂L/∂h‖, b = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_c_log10", {"seed": "1", "layer": "0", "forget_bias": "3"}), color="#000000", linewidth=1.6, linestyle="-", label="‖∂L/∂c‖, b = 3")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"seed": "1", "layer": "0", "forget_bias": "3"}), color="#882255", linewidth=1.6, linestyle="--", label="‖∂L/∂h‖, b = 3")
ax.set_title(": gradient norms by forget_bias")
ax.set_xlabel("lag T − t")
ax.set_ylabel("gradient norm (log scale)")
ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{v:g}"))
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms-matplotlib.svg"))
