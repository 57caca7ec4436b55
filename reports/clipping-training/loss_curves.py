#!/usr/bin/env python3
"""Redraws loss_curves.svg from the CSV data alone: python3 loss_curves.py (writes loss_curves-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

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
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "none", "clip_relative": "", "clip_threshold": "", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=none")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "global-norm", "clip_relative": "0.5", "clip_threshold": "", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=global-norm, clip_relative=0.5")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "global-norm", "clip_relative": "1", "clip_threshold": "", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=global-norm, clip_relative=1")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "global-norm", "clip_relative": "2", "clip_threshold": "", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=global-norm, clip_relative=2")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "global-norm", "clip_relative": "5", "clip_threshold": "", "seed": "1"}), color="#E69F00", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=global-norm, clip_relative=5")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "global-norm", "clip_relative": "10", "clip_threshold": "", "seed": "1"}), color="#56B4E9", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=global-norm, clip_relative=10")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "2", "clip": "value", "clip_relative": "", "clip_threshold": "0.01", "seed": "1"}), color="#000000", linewidth=1.6, linestyle="-", label="sigma_max=2, clip=value, clip_threshold=0.01")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "none", "clip_relative": "", "clip_threshold": "", "seed": "1"}), color="#F0E442", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=none")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "global-norm", "clip_relative": "0.5", "clip_threshold": "", "seed": "1"}), color="#0072B2", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=global-norm, clip_relative=0.5")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "global-norm", "clip_relative": "1", "clip_threshold": "", "seed": "1"}), color="#D55E00", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=global-norm, clip_relative=1")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "global-norm", "clip_relative": "2", "clip_threshold": "", "seed": "1"}), color="#009E73", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=global-norm, clip_relative=2")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "global-norm", "clip_relative": "5", "clip_threshold": "", "seed": "1"}), color="#CC79A7", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=global-norm, clip_relative=5")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "global-norm", "clip_relative": "10", "clip_threshold": "", "seed": "1"}), color="#E69F00", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=global-norm, clip_relative=10")
ax.plot(*series("training.csv", "update", "loss", {"sigma_max": "3", "clip": "value", "clip_relative": "", "clip_threshold": "0.01", "seed": "1"}), color="#56B4E9", linewidth=1.6, linestyle="-", label="sigma_max=3, clip=value, clip_threshold=0.01")
ax.set_title("Training loss (seed 1)")
ax.set_xlabel("update")
ax.set_ylabel("loss (log scale)")
ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{v:g}"))
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "loss_curves-matplotlib.svg"))
