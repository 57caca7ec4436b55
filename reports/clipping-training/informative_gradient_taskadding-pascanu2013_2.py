#!/usr/bin/env python3
"""Redraws informative_gradient_taskadding-pascanu2013_2.svg from the CSV data alone: python3 informative_gradient_taskadding-pascanu2013_2.py (writes informative_gradient_taskadding-pascanu2013_2-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr0.01-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(0, 1), label="arm=explode-lr0.01-none")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr0.01-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=explode-lr0.01-clip")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr0.1-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#44AA99", linewidth=1.6, linestyle="-", label="arm=explode-lr0.1-none")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr0.1-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "0.1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#999933", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=explode-lr0.1-clip")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr1-none", "clip": "none", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#332288", linewidth=1.6, linestyle="-", label="arm=explode-lr1-none")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "explode-lr1-clip", "clip": "global-norm", "init": "gaussian", "init_scale": "1", "input_std": "0.1", "learning_rate": "1", "omega": "0", "readout_std": "0.1", "sigma_max": "3", "stop_when_solved": "false", "success_level": "0.01", "updates": "2000", "informative": "true", "seed": "1", "task": "adding-pascanu2013"}), color="#AA4499", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 1), label="arm=explode-lr1-clip")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task adding-pascanu2013) (2 of 2)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-9.0, -8.0, -7.0, -6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0])
ax.set_yticklabels(["1e-9", "1e-8", "1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1", "1e2"])
ax.set_ylim(-9.850029367013786, 2.6338076875672374)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_taskadding-pascanu2013_2-matplotlib.svg"))
plt.close(fig)
