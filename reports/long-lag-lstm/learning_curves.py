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
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 6), label="arm=adding-hs1997")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 6), label="arm=adding-default")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="arm=copy-lstm")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "baseline_metric", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "length": "100", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#CC79A7", linewidth=1.6, linestyle="--", marker="D", markersize=4, markevery=(3, 6), label="baseline 15.4%")
ax.plot(*series("curves_by_update.csv", "update", "baseline_metric", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#E69F00", linewidth=1.6, linestyle="--", marker="v", markersize=4, markevery=(0, 4), label="baseline 12.5%")
ax.set_title("Held-out accuracy during training: mean over 10 seeds (dashed: lowest and highest seed)")
ax.set_xlabel("update")
ax.set_ylabel("accuracy")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_ylim(-0.05, 1.05)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "learning_curves-matplotlib.svg"))
plt.close(fig)
