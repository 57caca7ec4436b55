#!/usr/bin/env python3
"""Redraws informative_gradient_2.svg from the CSV data alone: python3 informative_gradient_2.py (writes informative_gradient_2-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-chrono", "cell": "lstm", "chrono_max_lag": "200", "forget_bias": "", "hidden_size": "22", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "20"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 1), label="arm=lstm-chrono")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "lstm-coupled-bf3", "cell": "lstm-coupled", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "26", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "20"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(0, 1), label="arm=lstm-coupled-bf3")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "gru-default", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "", "informative": "true", "seed": "1", "gap": "20"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=gru-default")
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "gru-bz3", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "3", "informative": "true", "seed": "1", "gap": "20"}), color="#44AA99", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=gru-bz3")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, gap 20) (2 of 2)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-8.0, -6.0, -4.0, -2.0, 0.0])
ax.set_yticklabels(["1e-8", "1e-6", "1e-4", "1e-2", "1e0"])
ax.set_ylim(-8.060418394655619, 0.2921100527246731)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_2-matplotlib.svg"))
plt.close(fig)
