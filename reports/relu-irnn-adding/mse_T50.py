#!/usr/bin/env python3
"""Redraws mse_T50.svg from the CSV data alone: python3 mse_T50.py (writes mse_T50-matplotlib.svg)."""
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
ax.plot(*series("evaluation.csv", "update", "metric", {"cell": "rnn-relu", "length": "50", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", label="rnn-relu")
ax.plot(*series("evaluation.csv", "update", "metric", {"cell": "rnn-tanh", "length": "50", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", label="rnn-tanh")
ax.plot(*series("evaluation.csv", "update", "metric", {"cell": "lstm", "length": "50", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", label="lstm")
ax.plot(*series("evaluation.csv", "update", "baseline_metric", {"cell": "rnn-relu", "length": "50", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="baseline 1/6")
ax.set_title("Held-out MSE during training, T = 50 (seed 1)")
ax.set_xlabel("update")
ax.set_ylabel("MSE")
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "mse_T50-matplotlib.svg"))
