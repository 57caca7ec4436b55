#!/usr/bin/env python3
"""Redraws jacobian-lstm-unidirectional.svg from the CSV data alone: python3 jacobian-lstm-unidirectional.py (writes jacobian-lstm-unidirectional-matplotlib.svg)."""
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
with open(os.path.join(HERE, "sequential_jacobian.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if all(row[k] == v for k, v in {"cell": "lstm", "directions": "1", "seed": "1"}.items()):
            cells[(float(row["t"]), float(row["s"]))] = float(row["jacobian_log10"])
xs = sorted({k[0] for k in cells})
ys = sorted({k[1] for k in cells})
grid = [[cells[(x, y)] for x in xs] for y in ys]
mesh = ax.pcolormesh(xs, ys, grid, shading="nearest", cmap="viridis")
fig.colorbar(mesh, ax=ax, label="log10 ‖∂y_t/∂x_s‖")
ax.set_xlim(xs[0], xs[-1])
ax.set_ylim(ys[0], ys[-1])
ax.set_title("lstm, unidirectional: log10 ‖∂y_t/∂x_s‖ (blank: exactly 0)")
ax.set_xlabel("output step t")
ax.set_ylabel("input step s")
ax.set_yticks([10.0, 20.0, 30.0, 40.0])
ax.set_yticklabels(["10", "20", "30", "40"])
ax.grid(True, alpha=0.3)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "jacobian-lstm-unidirectional-matplotlib.svg"))
plt.close(fig)
