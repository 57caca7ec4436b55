#!/usr/bin/env python3
"""Redraws jacobian_top_gru.svg from the CSV data alone: python3 jacobian_top_gru.py (writes jacobian_top_gru-matplotlib.svg)."""
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
ax.plot(*series("jacobian_spectrum.csv", "lag", "log10_singular_value", {"cell": "gru", "init": "pytorch", "seed": "1", "layer": "0", "index": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 5), label="init pytorch")
ax.plot(*series("jacobian_spectrum.csv", "lag", "log10_singular_value", {"cell": "gru", "init": "orthogonal", "seed": "1", "layer": "0", "index": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 5), label="init orthogonal")
ax.plot(*series("jacobian_spectrum.csv", "lag", "log10_singular_value", {"cell": "gru", "init": "identity", "seed": "1", "layer": "0", "index": "0"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 5), label="init identity")
ax.plot(*series("jacobian_spectrum.csv", "lag", "log10_singular_value", {"cell": "gru", "init": "smart-tanh", "seed": "1", "layer": "0", "index": "0"}), color="#CC79A7", linewidth=1.6, linestyle="-", marker="D", markersize=4, markevery=(3, 5), label="init smart-tanh")
ax.set_title("gru: largest singular value of ∂s_T/∂s_{T−lag}")
ax.set_xlabel("lag")
ax.set_ylabel("σ_1 (log scale)")
ax.set_yticks([-15.0, -10.0, -5.0, 0.0])
ax.set_yticklabels(["1e-15", "1e-10", "1e-5", "1e0"])
ax.set_ylim(-19.36789719215566, 0.8974857616026187)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "jacobian_top_gru-matplotlib.svg"))
plt.close(fig)
