#!/usr/bin/env python3
"""Redraws lag_norms_tasktemporal-order-4.svg from the CSV data alone: python3 lag_norms_tasktemporal-order-4.py (writes lag_norms_tasktemporal-order-4-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1500"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="arm=order-vanilla (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1500"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 3), label="arm=order-np (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1500"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 3), label="arm=order-cifg (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1500"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(0, 3), label="arm=order-nfg (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1500"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(1, 3), label="arm=order-noaf (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "seed": "1", "task": "temporal-order-4", "update": "1"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task temporal-order-4)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-6.0, -4.0, -2.0])
ax.set_yticklabels(["1e-6", "1e-4", "1e-2"])
ax.set_ylim(-7.9873604610687305, -0.22350516455216296)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms_tasktemporal-order-4-matplotlib.svg"))
plt.close(fig)
