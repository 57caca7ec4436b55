#!/usr/bin/env python3
"""Redraws error_surface.svg from the CSV data alone: python3 error_surface.py (writes error_surface-matplotlib.svg)."""
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
cells = {}
with open(os.path.join(HERE, "error_surface.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if all(row[k] == v for k, v in {}.items()):
            cells[(float(row["w"]), float(row["b"]))] = float(row["log10_error"])
xs = sorted({k[0] for k in cells})
ys = sorted({k[1] for k in cells})
grid = [[cells[(x, y)] for x in xs] for y in ys]
mesh = ax.pcolormesh(xs, ys, grid, shading="nearest", cmap="viridis")
fig.colorbar(mesh, ax=ax, label="log10 E")
ax.set_xlim(xs[0], xs[-1])
ax.set_ylim(ys[0], ys[-1])
ax.plot(*series("trajectories.csv", "w", "b", {"method": "unclipped"}), color="#ff2a2a", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 7), label="unclipped")
ax.plot(*series("trajectories.csv", "w", "b", {"method": "clipped"}), color="#111111", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(1, 7), label="clipped")
ax.set_title("Error surface log10 E(w, b) and descent paths")
ax.set_xlabel("w")
ax.set_ylabel("b")
ax.set_yticks([-5.0, -4.0, -3.0, -2.0, -1.0, 0.0])
ax.set_yticklabels(["-5", "-4", "-3", "-2", "-1", "0"])
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "error_surface-matplotlib.svg"))
plt.close(fig)
