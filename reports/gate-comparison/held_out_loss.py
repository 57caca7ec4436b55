#!/usr/bin/env python3
"""Redraws held_out_loss.svg from the CSV data alone: python3 held_out_loss.py (writes held_out_loss-matplotlib.svg)."""
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
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48", "update_bias": ""}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 6), label="arm=rnn")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48", "update_bias": ""}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "rnn", "cell": "rnn-tanh", "forget_bias": "", "hidden_size": "48", "update_bias": ""}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "lstm-default", "cell": "lstm", "forget_bias": "", "hidden_size": "22", "update_bias": ""}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 6), label="arm=lstm-default")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "lstm-default", "cell": "lstm", "forget_bias": "", "hidden_size": "22", "update_bias": ""}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "lstm-default", "cell": "lstm", "forget_bias": "", "hidden_size": "22", "update_bias": ""}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "lstm-bf3", "cell": "lstm", "forget_bias": "3", "hidden_size": "22", "update_bias": ""}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 6), label="arm=lstm-bf3")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "lstm-bf3", "cell": "lstm", "forget_bias": "3", "hidden_size": "22", "update_bias": ""}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "lstm-bf3", "cell": "lstm", "forget_bias": "3", "hidden_size": "22", "update_bias": ""}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "gru-default", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": ""}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 6), label="arm=gru-default")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "gru-default", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": ""}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "gru-default", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": ""}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_mean", {"arm": "gru-bz3", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": "3"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 6), label="arm=gru-bz3")
ax.plot(*series("curves_by_update.csv", "update", "loss_min", {"arm": "gru-bz3", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": "3"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("curves_by_update.csv", "update", "loss_max", {"arm": "gru-bz3", "cell": "gru", "forget_bias": "", "hidden_size": "26", "update_bias": "3"}), color="#E69F00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("Held-out loss during training: mean over 10 seeds (dashed: lowest and highest seed)")
ax.set_xlabel("update")
ax.set_ylabel("loss (log scale)")
ax.set_yticks([-4.0, -3.0, -2.0, -1.0, 0.0])
ax.set_yticklabels(["1e-4", "1e-3", "1e-2", "1e-1", "1e0"])
ax.set_ylim(-4.622050351050264, 0.4583370231323862)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "held_out_loss-matplotlib.svg"))
plt.close(fig)
