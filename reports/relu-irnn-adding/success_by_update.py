#!/usr/bin/env python3
"""Redraws success_by_update.svg from the CSV data alone: python3 success_by_update.py (writes success_by_update-matplotlib.svg)."""
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
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "irnn-lr0.0001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.0001"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label="length=150, arm=irnn-lr0.0001")
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "irnn-lr0.001", "bias": "zero", "cell": "rnn-relu", "forget_bias": "", "init": "identity", "learning_rate": "0.001"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 4), label="length=150, arm=irnn-lr0.001")
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "tanh-lr0.001", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.001"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="length=150, arm=tanh-lr0.001")
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "tanh-lr0.01", "bias": "", "cell": "rnn-tanh", "forget_bias": "", "init": "", "learning_rate": "0.01"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 4), label="length=150, arm=tanh-lr0.01")
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "lstm-lr0.001", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.001"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 4), label="length=150, arm=lstm-lr0.001")
ax.plot(*series("success_by_update.csv", "update", "rate", {"length": "150", "arm": "lstm-lr0.01", "bias": "", "cell": "lstm", "forget_bias": "1", "init": "", "learning_rate": "0.01"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(1, 4), label="length=150, arm=lstm-lr0.01")
ax.set_title("Share of seeds solved by each update")
ax.set_xlabel("update")
ax.set_ylabel("share of seeds solved")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "success_by_update-matplotlib.svg"))
plt.close(fig)
