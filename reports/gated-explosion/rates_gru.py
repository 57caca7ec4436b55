#!/usr/bin/env python3
"""Redraws rates_gru.svg from the CSV data alone: python3 rates_gru.py (writes rates_gru-matplotlib.svg)."""
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
ax.plot(*series("diagnosis.csv", "sigma_max", "observed_rate_log10", {"cell": "gru", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="init gaussian")
ax.set_title("gru: observed rate against sigma_max")
ax.set_xlabel("sigma_max")
ax.set_ylabel("observed rate (decades per step)")
ax.set_yticks([-0.2, -0.1, 0.0])
ax.set_yticklabels(["-0.2", "-0.1", "0"])
ax.set_ylim(-0.2918320371920709, 0.06864008085138296)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "rates_gru-matplotlib.svg"))
plt.close(fig)
