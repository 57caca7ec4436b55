#!/usr/bin/env python3
"""Redraws mse_T150.svg from the CSV data alone: python3 mse_T150.py (writes mse_T150-matplotlib.svg)."""
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
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "irnn-lr0.0001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.0001", "length": "150"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label="arm=irnn-lr0.0001")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "irnn-lr0.0001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.0001", "length": "150"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "irnn-lr0.0001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.0001", "length": "150"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "irnn-lr0.001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.001", "length": "150"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 4), label="arm=irnn-lr0.001")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "irnn-lr0.001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.001", "length": "150"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "irnn-lr0.001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.001", "length": "150"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "tanh-lr0.001", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.001", "length": "150"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="arm=tanh-lr0.001")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "tanh-lr0.001", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.001", "length": "150"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "tanh-lr0.001", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.001", "length": "150"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "tanh-lr0.01", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.01", "length": "150"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 4), label="arm=tanh-lr0.01")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "tanh-lr0.01", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.01", "length": "150"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "tanh-lr0.01", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.01", "length": "150"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "lstm-lr0.001", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.001", "length": "150"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 4), label="arm=lstm-lr0.001")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "lstm-lr0.001", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.001", "length": "150"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "lstm-lr0.001", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.001", "length": "150"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_mean", {"arm": "lstm-lr0.01", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.01", "length": "150"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(1, 4), label="arm=lstm-lr0.01")
ax.plot(*series("curves_by_update.csv", "update", "metric_min", {"arm": "lstm-lr0.01", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.01", "length": "150"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "metric_max", {"arm": "lstm-lr0.01", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.01", "length": "150"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "baseline_metric", {"arm": "irnn-lr0.0001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.0001", "length": "150"}), color="#000000", linewidth=1.6, linestyle="--", marker="+", markersize=4, markevery=(2, 4), label="baseline 1/6")
ax.set_title("Held-out MSE during training, T = 150: mean over 3 seeds (dashed: lowest and highest seed)")
ax.set_xlabel("update")
ax.set_ylabel("MSE (log scale)")
ax.set_yticks([0.0, 5.0, 10.0])
ax.set_yticklabels(["1e0", "1e5", "1e10"])
ax.set_ylim(-3.6728096389824554, 10.734531712111545)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "mse_T150-matplotlib.svg"))
plt.close(fig)
