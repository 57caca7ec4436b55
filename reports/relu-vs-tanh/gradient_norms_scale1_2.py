#!/usr/bin/env python3
"""Redraws gradient_norms_scale1_2.svg from the CSV data alone: python3 gradient_norms_scale1_2.py (writes gradient_norms_scale1_2-matplotlib.svg)."""
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
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-tanh", "init": "identity", "init_scale": "1", "seed": "1", "layer": "0"}), color="#56B4E9", linewidth=1.6, linestyle="-", marker="x", markersize=4, markevery=(0, 5), label="rnn-tanh, identity")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-identity", "init": "pytorch", "init_scale": "1", "seed": "1", "layer": "0"}), color="#000000", linewidth=1.6, linestyle="-", marker="+", markersize=4, markevery=(1, 5), label="rnn-identity, pytorch")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-identity", "init": "orthogonal", "init_scale": "1", "seed": "1", "layer": "0"}), color="#882255", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(2, 5), label="rnn-identity, orthogonal")
ax.plot(*series("gradient_norms.csv", "lag", "grad_h_log10", {"cell": "rnn-identity", "init": "identity", "init_scale": "1", "seed": "1", "layer": "0"}), color="#44AA99", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(3, 5), label="rnn-identity, identity")
ax.set_title("‖∂L/∂h_t‖ at init_scale 1 (seed 1) (2 of 2)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-80.0, -60.0, -40.0, -20.0, 0.0])
ax.set_yticklabels(["1e-80", "1e-60", "1e-40", "1e-20", "1e0"])
ax.set_ylim(-85.06268847696091, 5.631071781617656)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "gradient_norms_scale1_2-matplotlib.svg"))
plt.close(fig)
