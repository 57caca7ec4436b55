#!/usr/bin/env python3
"""Redraws success_by_update_explodingregime.svg from the CSV data alone: python3 success_by_update_explodingregime.py (writes success_by_update_explodingregime-matplotlib.svg)."""
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
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr0.01-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="arm=explode-lr0.01-none")
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr0.01-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 3), label="arm=explode-lr0.01-clip")
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr0.1-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 3), label="arm=explode-lr0.1-none")
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr0.1-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(0, 3), label="arm=explode-lr0.1-clip")
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr1-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(1, 3), label="arm=explode-lr1-none")
ax.plot(*series("success_by_update.csv", "update", "rate", {"arm": "explode-lr1-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "task": "adding-pascanu2013", "updates": "2000"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(2, 3), label="arm=explode-lr1-clip")
ax.set_title("Share of seeds solved by each update, exploding regime")
ax.set_xlabel("update")
ax.set_ylabel("share of seeds solved")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "success_by_update_explodingregime-matplotlib.svg"))
plt.close(fig)
