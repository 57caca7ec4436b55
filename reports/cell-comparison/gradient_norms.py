#!/usr/bin/env python3
"""Redraws gradient_norms.svg from the CSV data alone: python3 gradient_norms.py (writes gradient_norms-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "forget_bias": "", "init": "", "update_bias": "", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 4), label="rnn-tanh")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "lstm", "forget_bias": "", "init": "", "update_bias": "", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 4), label="lstm")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "gru", "forget_bias": "", "init": "", "update_bias": "", "seed": "1", "layer": "0"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 4), label="gru")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "lstm", "forget_bias": "1", "init": "", "update_bias": "", "seed": "1", "layer": "0"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 4), label="lstm, forget_bias=1")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "gru", "forget_bias": "", "init": "", "update_bias": "2", "seed": "1", "layer": "0"}), color="#E69F00", linewidth=1.6, linestyle="-", marker="v", markersize=4, markevery=(0, 4), label="gru, update_bias=2")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "forget_bias": "", "init": "orthogonal", "update_bias": "", "seed": "1", "layer": "0"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(1, 4), label="rnn-tanh, init=orthogonal")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "lstm", "forget_bias": "", "init": "orthogonal", "update_bias": "", "seed": "1", "layer": "0"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(2, 4), label="lstm, init=orthogonal")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "gru", "forget_bias": "", "init": "orthogonal", "update_bias": "", "seed": "1", "layer": "0"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(3, 4), label="gru, init=orthogonal")
ax.set_title("‖∂L/∂h_t‖ against lag at matched parameter counts (seed 1)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-60.0, -40.0, -20.0, 0.0])
ax.set_yticklabels(["1e-60", "1e-40", "1e-20", "1e0"])
ax.set_ylim(-70.93532049128876, 4.251564214695565)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms-matplotlib.svg"))
plt.close(fig)
