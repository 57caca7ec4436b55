#!/usr/bin/env python3
"""Redraws rates.svg from the CSV data alone: python3 rates.py (writes rates-matplotlib.svg)."""
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
ax.plot(*series("diagnosis.csv", "bound_rate_log10", "observed_rate_log10", {"cell": "rnn-tanh", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 3), label="observed, rnn-tanh")
ax.plot(*series("diagnosis.csv", "bound_rate_log10", "observed_rate_log10", {"cell": "rnn-sigmoid", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 3), label="observed, rnn-sigmoid")
ax.plot(*series("diagnosis.csv", "bound_rate_log10", "bound_rate_log10", {"cell": "rnn-tanh", "seed": "1", "layer": "0"}), color="#009E73", linewidth=1.6, linestyle="--", marker="^", markersize=4, markevery=(2, 3), label="Pascanu bound")
ax.set_title("Observed decay rate against the Pascanu bound")
ax.set_xlabel("bound rate log10(γσ_max) per step")
ax.set_ylabel("observed rate (decades per step)")
ax.set_yticks([-1.5, -1.0, -0.5, 0.0, 0.5, 1.0])
ax.set_yticklabels(["-1.5", "-1", "-0.5", "0", "0.5", "1"])
ax.set_ylim(-1.60846116568576, 1.207164218034929)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "rates-matplotlib.svg"))
plt.close(fig)
