#!/usr/bin/env python3
"""Redraws informative_gradient.svg from the CSV data alone: python3 informative_gradient.py (writes informative_gradient-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "rnn", "cell": "rnn-tanh", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "48", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=rnn")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-default", "cell": "lstm", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "22", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=lstm-default")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-bf1", "cell": "lstm", "chrono_max_lag": "", "forget_bias": "1", "hidden_size": "22", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=lstm-bf1")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-bf3", "cell": "lstm", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "22", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(0, 1), label="arm=lstm-bf3")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-bf3-bi-3", "cell": "lstm", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "22", "input_bias": "-3", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 1), label="arm=lstm-bf3-bi-3")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-chrono", "cell": "lstm", "chrono_max_lag": "200", "forget_bias": "", "hidden_size": "22", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 1), label="arm=lstm-chrono")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-coupled-bf3", "cell": "lstm-coupled", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "26", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(0, 1), label="arm=lstm-coupled-bf3")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "gru-default", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "50"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=gru-default")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, gap 50)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-30.0, -20.0, -10.0, 0.0])
ax.set_yticklabels(["1e-30", "1e-20", "1e-10", "1e0"])
ax.set_ylim(-35.49334828720987, 2.5302044712494345)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient-matplotlib.svg"))
plt.close(fig)
