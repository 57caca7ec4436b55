#!/usr/bin/env python3
"""Redraws accuracy_vs_gap.svg from the CSV data alone: python3 accuracy_vs_gap.py (writes accuracy_vs_gap-matplotlib.svg)."""
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
ax.plot(*series("accuracy_by_gap.csv", "gap", "mean_accuracy", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=rnn")
ax.plot(*series("summary.csv", "gap", "final_metric", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48"}), color="#0072B2", linestyle="none", marker="o", markersize=3, alpha=0.55, label="_nolegend_")
ax.plot(*series("accuracy_by_gap.csv", "gap", "mean_accuracy", {"arm": "lstm", "cell": "lstm", "forget_bias": "1", "hidden_size": "22"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=lstm")
ax.plot(*series("summary.csv", "gap", "final_metric", {"arm": "lstm", "cell": "lstm", "forget_bias": "1", "hidden_size": "22"}), color="#D55E00", linestyle="none", marker="o", markersize=3, alpha=0.55, label="_nolegend_")
ax.plot(*series("accuracy_by_gap.csv", "gap", "mean_accuracy", {"arm": "gru", "cell": "gru", "forget_bias": "", "hidden_size": "26"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=gru")
ax.plot(*series("summary.csv", "gap", "final_metric", {"arm": "gru", "cell": "gru", "forget_bias": "", "hidden_size": "26"}), color="#009E73", linestyle="none", marker="o", markersize=3, alpha=0.55, label="_nolegend_")
ax.plot(*series("accuracy_by_gap.csv", "gap", "chance", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48"}), color="#CC79A7", linewidth=1.6, linestyle="--", marker="D", markersize=4, markevery=(0, 1), label="chance")
ax.set_title("Recall accuracy against the gap: mean over 5 seeds (points: each seed)")
ax.set_xlabel("gap (steps, log scale)")
ax.set_ylabel("held-out accuracy")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_xscale("log")
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "accuracy_vs_gap-matplotlib.svg"))
plt.close(fig)
