#!/usr/bin/env python3
"""Redraws lag_norms.svg from the CSV data alone: python3 lag_norms.py (writes lag_norms-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"run": "length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1", "update": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", label="update 1")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"run": "length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1", "update": "2000"}), color="#D55E00", linewidth=1.6, linestyle="-", label="update 2000")
ax.set_title("‖∂L/∂h_t‖ against lag during training (length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{v:g}"))
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms-matplotlib.svg"))
