#!/usr/bin/env python3
"""Redraws lag_norms_taskdelayed-recall.svg from the CSV data alone: python3 lag_norms_taskdelayed-recall.py (writes lag_norms_taskdelayed-recall-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-vanilla", "cell": "lstm-peephole", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1500"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label="arm=recall-vanilla (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-vanilla", "cell": "lstm-peephole", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-np", "cell": "lstm", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1500"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 4), label="arm=recall-np (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-np", "cell": "lstm", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-cifg", "cell": "lstm-coupled", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "26", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1500"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="arm=recall-cifg (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-cifg", "cell": "lstm-coupled", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "26", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-nfg", "cell": "lstm-no-forget-gate", "classes": "4", "forget_bias": "", "gap": "30", "hidden_size": "26", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1500"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 4), label="arm=recall-nfg (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-nfg", "cell": "lstm-no-forget-gate", "classes": "4", "forget_bias": "", "gap": "30", "hidden_size": "26", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-noaf", "cell": "lstm-no-output-activation", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1500"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 4), label="arm=recall-noaf (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "recall-noaf", "cell": "lstm-no-output-activation", "classes": "4", "forget_bias": "3", "gap": "30", "hidden_size": "22", "length": "", "success_level": "0.99", "seed": "1", "task": "delayed-recall", "update": "1"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task delayed-recall)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-8.0, -6.0, -4.0, -2.0])
ax.set_yticklabels(["1e-8", "1e-6", "1e-4", "1e-2"])
ax.set_ylim(-8.905044548843739, -0.6746050916407065)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms_taskdelayed-recall-matplotlib.svg"))
plt.close(fig)
