#!/usr/bin/env python3
"""Redraws gradient_norms_rnn-tanh_2.svg from the CSV data alone: python3 gradient_norms_rnn-tanh_2.py (writes gradient_norms_rnn-tanh_2-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "1.5", "seed": "1", "layer": "0"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="σ_max = 1.5")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "2", "seed": "1", "layer": "0"}), color="#44AA99", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="σ_max = 2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "3", "seed": "1", "layer": "0"}), color="#999933", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 5), label="σ_max = 3")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "4", "seed": "1", "layer": "0"}), color="#332288", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="σ_max = 4")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "6", "seed": "1", "layer": "0"}), color="#AA4499", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(4, 5), label="σ_max = 6")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "8", "seed": "1", "layer": "0"}), color="#661100", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 5), label="σ_max = 8")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "sigma_max": "12", "seed": "1", "layer": "0"}), color="#888888", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(1, 5), label="σ_max = 12")
ax.set_title("rnn-tanh: ‖∂L/∂h_t‖ against lag (seed 1) (2 of 2)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-150.0, -100.0, -50.0, 0.0, 50.0])
ax.set_yticklabels(["1e-150", "1e-100", "1e-50", "1e0", "1e50"])
ax.set_ylim(-187.81653861874622, 66.86989691474378)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms_rnn-tanh_2-matplotlib.svg"))
plt.close(fig)
