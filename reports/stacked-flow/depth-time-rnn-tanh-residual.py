#!/usr/bin/env python3
"""Redraws depth-time-rnn-tanh-residual.svg from the CSV data alone: python3 depth-time-rnn-tanh-residual.py (writes depth-time-rnn-tanh-residual-matplotlib.svg)."""
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
with open(os.path.join(HERE, "stacked_norms.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if all(row[k] == v for k, v in {"cell": "rnn-tanh", "residual": "true", "layers": "8", "seed": "1"}.items()):
            cells[(float(row["layer"]), float(row["t"]))] = float(row["grad_h_log10"])
xs = sorted({k[0] for k in cells})
ys = sorted({k[1] for k in cells})
grid = [[cells[(x, y)] for x in xs] for y in ys]
mesh = ax.pcolormesh(xs, ys, grid, shading="nearest", cmap="viridis")
fig.colorbar(mesh, ax=ax, label="log10 ‖∂L/∂h_t^(l)‖")
ax.set_xlim(xs[0], xs[-1])
ax.set_ylim(ys[0], ys[-1])
ax.set_title("rnn-tanh, 8 layers, residual: log10 ‖∂L/∂h_t^(l)‖")
ax.set_xlabel("layer l")
ax.set_ylabel("step t")
ax.set_yticks([0.0, 20.0, 40.0, 60.0, 80.0, 100.0])
ax.set_yticklabels(["0", "20", "40", "60", "80", "100"])
ax.grid(True, alpha=0.3)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "depth-time-rnn-tanh-residual-matplotlib.svg"))
plt.close(fig)
