#!/usr/bin/env python3
"""Redraws lag_norms.svg from the CSV data alone: python3 lag_norms.py (writes lag_norms-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0", "seed": "1", "length": "50", "update": "4000"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="arm=msgd (update 4000)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0", "seed": "1", "length": "50", "update": "1"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0", "seed": "1", "length": "50", "update": "4000"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 3), label="arm=msgd-c (update 4000)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0", "seed": "1", "length": "50", "update": "1"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2", "seed": "1", "length": "50", "update": "4000"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(2, 3), label="arm=msgd-cr (update 4000)")
ax.plot(*series("lag_norms.csv", "lag", "grad_h_log10", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2", "seed": "1", "length": "50", "update": "1"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, length 50)")
ax.set_xlabel("lag T − t")
ax.set_ylabel("‖∂L/∂h_t‖ (log scale)")
ax.set_yticks([-3.0, -2.0, -1.0, 0.0])
ax.set_yticklabels(["1e-3", "1e-2", "1e-1", "1e0"])
ax.set_ylim(-3.5287857181751794, 0.5472735320197243)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "lag_norms-matplotlib.svg"))
plt.close(fig)
