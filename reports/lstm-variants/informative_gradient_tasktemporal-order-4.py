#!/usr/bin/env python3
"""Redraws informative_gradient_tasktemporal-order-4.svg from the CSV data alone: python3 informative_gradient_tasktemporal-order-4.py (writes informative_gradient_tasktemporal-order-4-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "informative": "true", "seed": "1", "task": "temporal-order-4"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=order-vanilla")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "informative": "true", "seed": "1", "task": "temporal-order-4"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=order-np")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "informative": "true", "seed": "1", "task": "temporal-order-4"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=order-cifg")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "informative": "true", "seed": "1", "task": "temporal-order-4"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(0, 1), label="arm=order-nfg")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "informative": "true", "seed": "1", "task": "temporal-order-4"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 1), label="arm=order-noaf")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task temporal-order-4)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-2.0, -1.0, 0.0])
ax.set_yticklabels(["1e-2", "1e-1", "1e0"])
ax.set_ylim(-2.8664433894124137, 0.8195472488675799)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_tasktemporal-order-4-matplotlib.svg"))
plt.close(fig)
