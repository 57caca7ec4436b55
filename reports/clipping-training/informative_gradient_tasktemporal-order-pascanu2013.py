#!/usr/bin/env python3
"""Redraws informative_gradient_tasktemporal-order-pascanu2013.svg from the CSV data alone: python3 informative_gradient_tasktemporal-order-pascanu2013.py (writes informative_gradient_tasktemporal-order-pascanu2013-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-basic-msgd", "clip": "none", "init": "gaussian", "init_scale": "0.7071067811865476", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=order-basic-msgd")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-basic-msgd-c", "clip": "global-norm", "init": "gaussian", "init_scale": "0.7071067811865476", "input_std": "0.1", "learning_rate": "0.01", "omega": "0", "readout_std": "0.1", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=order-basic-msgd-c")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-basic-msgd-cr", "clip": "global-norm", "init": "gaussian", "init_scale": "0.7071067811865476", "input_std": "0.1", "learning_rate": "0.01", "omega": "2", "readout_std": "0.1", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=order-basic-msgd-cr")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-smart-msgd", "clip": "none", "init": "smart-tanh", "init_scale": "1", "input_std": "0.01", "learning_rate": "0.01", "omega": "0", "readout_std": "0.01", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(0, 1), label="arm=order-smart-msgd")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-smart-msgd-c", "clip": "global-norm", "init": "smart-tanh", "init_scale": "1", "input_std": "0.01", "learning_rate": "0.01", "omega": "0", "readout_std": "0.01", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 1), label="arm=order-smart-msgd-c")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-smart-msgd-cr", "clip": "global-norm", "init": "smart-tanh", "init_scale": "1", "input_std": "0.01", "learning_rate": "0.01", "omega": "2", "readout_std": "0.01", "sigma_max": "", "stop_when_solved": "true", "success_level": "0.99", "updates": "3000", "informative": "true", "seed": "1", "task": "temporal-order-pascanu2013"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 1), label="arm=order-smart-msgd-cr")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task temporal-order-pascanu2013)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-6.0, -4.0, -2.0, 0.0])
ax.set_yticklabels(["1e-6", "1e-4", "1e-2", "1e0"])
ax.set_ylim(-7.07514416182472, 1.6928854108186793)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_tasktemporal-order-pascanu2013-matplotlib.svg"))
plt.close(fig)
