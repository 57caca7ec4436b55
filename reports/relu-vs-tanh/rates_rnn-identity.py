#!/usr/bin/env python3
"""Redraws rates_rnn-identity.svg from the CSV data alone: python3 rates_rnn-identity.py (writes rates_rnn-identity-matplotlib.svg)."""
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
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "rnn-identity", "init": "pytorch", "seed": "1", "layer": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 2), label="init pytorch")
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "rnn-identity", "init": "orthogonal", "seed": "1", "layer": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 2), label="init orthogonal")
ax.plot(*series("diagnosis.csv", "init_scale", "observed_rate_log10", {"cell": "rnn-identity", "init": "identity", "seed": "1", "layer": "0"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 2), label="init identity")
ax.set_title("rnn-identity: observed rate against init_scale")
ax.set_xlabel("init_scale")
ax.set_ylabel("observed rate (decades per step)")
ax.set_yticks([-0.2, 0.0, 0.2])
ax.set_yticklabels(["-0.2", "0", "0.2"])
ax.set_ylim(-0.3621264724437668, 0.3326088750976837)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "rates_rnn-identity-matplotlib.svg"))
plt.close(fig)
