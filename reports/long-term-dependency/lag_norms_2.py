#!/usr/bin/env python3
"""Redraws lag_norms_2.svg from the CSV data alone: python3 lag_norms_2.py (writes lag_norms_2-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "lstm-chrono", "cell": "lstm", "chrono_max_lag": "200", "forget_bias": "", "hidden_size": "22", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1500"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 4), label="arm=lstm-chrono (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "lstm-chrono", "cell": "lstm", "chrono_max_lag": "200", "forget_bias": "", "hidden_size": "22", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "lstm-coupled-bf3", "cell": "lstm-coupled", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "26", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1500"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(1, 4), label="arm=lstm-coupled-bf3 (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "lstm-coupled-bf3", "cell": "lstm-coupled", "chrono_max_lag": "", "forget_bias": "3", "hidden_size": "26", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1"}), color="#000000", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "gru-default", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1500"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(2, 4), label="arm=gru-default (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "gru-default", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "", "seed": "1", "gap": "20", "update": "1"}), color="#882255", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "gru-bz3", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "3", "seed": "1", "gap": "20", "update": "1500"}), color="#44AA99", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(3, 4), label="arm=gru-bz3 (update 1500)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "gru-bz3", "cell": "gru", "chrono_max_lag": "", "forget_bias": "", "hidden_size": "26", "input_bias": "", "update_bias": "3", "seed": "1", "gap": "20", "update": "1"}), color="#44AA99", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, gap 20) (2 of 2)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-8.0, -6.0, -4.0, -2.0])
ax.set_yticklabels(["1e-8", "1e-6", "1e-4", "1e-2"])
ax.set_ylim(-9.889735753234072, -0.6035978636862469)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms_2-matplotlib.svg"))
plt.close(fig)
