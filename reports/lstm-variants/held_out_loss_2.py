#!/usr/bin/env python3
"""Redraws held_out_loss_2.svg from the CSV data alone: python3 held_out_loss_2.py (writes held_out_loss_2-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

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
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 6), label="arm=order-vanilla")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "order-vanilla", "cell": "lstm-peephole", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(1, 6), label="arm=order-np")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#000000", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "order-np", "cell": "lstm", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#000000", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(2, 6), label="arm=order-cifg")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#882255", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "order-cifg", "cell": "lstm-coupled", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#882255", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#44AA99", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(3, 6), label="arm=order-nfg")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#44AA99", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "order-nfg", "cell": "lstm-no-forget-gate", "classes": "", "forget_bias": "", "gap": "", "hidden_size": "26", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#44AA99", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#999933", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(4, 6), label="arm=order-noaf")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#999933", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "order-noaf", "cell": "lstm-no-output-activation", "classes": "", "forget_bias": "3", "gap": "", "hidden_size": "22", "length": "50", "success_level": "0.9", "task": "temporal-order-4"}), color="#999933", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("Held-out loss during training: mean over 10 seeds (dashed: lowest and highest seed) (2 of 2)")
ax.set_xlabel("update")
ax.set_ylabel("loss (log scale)")
ax.set_yticks([-6.0, -4.0, -2.0, 0.0])
ax.set_yticklabels(["1e-6", "1e-4", "1e-2", "1e0"])
ax.set_ylim(-7.473388623855733, 1.087013264882151)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "held_out_loss_2-matplotlib.svg"))
plt.close(fig)
