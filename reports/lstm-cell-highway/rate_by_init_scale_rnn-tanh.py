#!/usr/bin/env python3
"""Redraws rate_by_init_scale_rnn-tanh.svg from the CSV data alone: python3 rate_by_init_scale_rnn-tanh.py (writes rate_by_init_scale_rnn-tanh-matplotlib.svg)."""
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
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "rnn-tanh", "forget_bias": "", "seed": "1", "layer": "0"}), color="#0072B2", linestyle="none", marker="o", markersize=3, alpha=0.55, label="rnn-tanh")
ax.plot(*series("diagnosis.csv", "init_scale", "linearised_rate_log10", {"cell": "rnn-tanh", "forget_bias": "", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("rnn-tanh: observed rate (points) and every-path prediction log10 ρ(J*) (dashed)")
ax.set_xlabel("init_scale (≈ ρ of each W_hh block)")
ax.set_ylabel("decades per step")
ax.set_yticks([-1.0, -0.5, 0.0])
ax.set_yticklabels(["-1", "-0.5", "0"])
ax.set_ylim(-1.360425887948069, 0.4052016724307843)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "rate_by_init_scale_rnn-tanh-matplotlib.svg"))
plt.close(fig)
