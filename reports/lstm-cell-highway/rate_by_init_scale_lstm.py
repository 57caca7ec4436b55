#!/usr/bin/env python3
"""Redraws rate_by_init_scale_lstm.svg from the CSV data alone: python3 rate_by_init_scale_lstm.py (writes rate_by_init_scale_lstm-matplotlib.svg)."""
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
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "lstm", "forget_bias": "0", "seed": "1", "layer": "0"}), color="#0072B2", linestyle="none", marker="o", markersize=3, alpha=0.55, label="b = 0")
ax.plot(*series("diagnosis.csv", "init_scale", "linearised_rate_log10", {"cell": "lstm", "forget_bias": "0", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "lstm", "forget_bias": "1", "seed": "1", "layer": "0"}), color="#D55E00", linestyle="none", marker="o", markersize=3, alpha=0.55, label="b = 1")
ax.plot(*series("diagnosis.csv", "init_scale", "linearised_rate_log10", {"cell": "lstm", "forget_bias": "1", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "lstm", "forget_bias": "2", "seed": "1", "layer": "0"}), color="#009E73", linestyle="none", marker="o", markersize=3, alpha=0.55, label="b = 2")
ax.plot(*series("diagnosis.csv", "init_scale", "linearised_rate_log10", {"cell": "lstm", "forget_bias": "2", "seed": "1", "layer": "0"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "lstm", "forget_bias": "3", "seed": "1", "layer": "0"}), color="#CC79A7", linestyle="none", marker="o", markersize=3, alpha=0.55, label="b = 3")
ax.plot(*series("diagnosis.csv", "init_scale", "linearised_rate_log10", {"cell": "lstm", "forget_bias": "3", "seed": "1", "layer": "0"}), color="#CC79A7", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("lstm: observed rate (points) and every-path prediction log10 ρ(J*) (dashed)")
ax.set_xlabel("init_scale (≈ ρ of each W_hh block)")
ax.set_ylabel("decades per step")
ax.set_yticks([-0.30000000000000004, -0.20000000000000004, -0.10000000000000003, 0.0, 0.09999999999999998])
ax.set_yticklabels(["-0.3", "-0.2", "-0.1", "0", "0.1"])
ax.set_ylim(-0.31433229695715204, 0.18786330236582827)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "rate_by_init_scale_lstm-matplotlib.svg"))
plt.close(fig)
