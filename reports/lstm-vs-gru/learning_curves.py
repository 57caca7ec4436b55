#!/usr/bin/env python3
"""Redraws learning_curves.svg from the CSV data alone: python3 learning_curves.py (writes learning_curves-matplotlib.svg)."""
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
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "lstm-50", "cell": "lstm", "forget_bias": "1", "hidden_size": "22", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="arm=lstm-50")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "lstm-50", "cell": "lstm", "forget_bias": "1", "hidden_size": "22", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "lstm-50", "cell": "lstm", "forget_bias": "1", "hidden_size": "22", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "gru-50", "cell": "gru", "forget_bias": "", "hidden_size": "26", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 3), label="arm=gru-50")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "gru-50", "cell": "gru", "forget_bias": "", "hidden_size": "26", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "gru-50", "cell": "gru", "forget_bias": "", "hidden_size": "26", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "lstm-count", "cell": "lstm", "forget_bias": "1", "hidden_size": "10", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="arm=lstm-count")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "lstm-count", "cell": "lstm", "forget_bias": "1", "hidden_size": "10", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "lstm-count", "cell": "lstm", "forget_bias": "1", "hidden_size": "10", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "gru-count", "cell": "gru", "forget_bias": "", "hidden_size": "12", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 4), label="arm=gru-count")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "gru-count", "cell": "gru", "forget_bias": "", "hidden_size": "12", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "gru-count", "cell": "gru", "forget_bias": "", "hidden_size": "12", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "baseline_metric", {"arm": "lstm-50", "cell": "lstm", "forget_bias": "1", "hidden_size": "22", "length": "50", "task": "temporal-order-4", "updates": "1500"}), color="#E69F00", linewidth=1.6, linestyle="--", marker="v", markersize=4, markevery=(1, 3), label="baseline 25.0%")
ax.plot(*series("curves_by_update.csv", "update", "baseline_metric", {"arm": "lstm-count", "cell": "lstm", "forget_bias": "1", "hidden_size": "10", "length": "10", "task": "counting-anbn", "updates": "2000"}), color="#56B4E9", linewidth=1.6, linestyle="--", marker="x", markersize=4, markevery=(1, 4), label="baseline 50.0%")
ax.set_title("Held-out accuracy during training: mean over 5 seeds (dashed: lowest and highest seed)")
ax.set_xlabel("update")
ax.set_ylabel("accuracy")
ax.set_yticks([0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0.2", "0.4", "0.6", "0.8", "1"])
ax.set_ylim(0.1747, 1.0393)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "learning_curves-matplotlib.svg"))
plt.close(fig)
