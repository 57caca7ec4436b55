#!/usr/bin/env python3
"""Redraws informative_gradient_taskcopy-memory.svg from the CSV data alone: python3 informative_gradient_taskcopy-memory.py (writes informative_gradient_taskcopy-memory-matplotlib.svg)."""
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
ax.plot(*series("lag_norms.csv", "update", "ratio_to_last_log10", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "length": "100", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "updates": "2000", "informative": "true", "seed": "1", "task": "copy-memory"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="")
ax.set_title("Gradient reaching the informative step, relative to the last step (seed 1, task copy-memory)")
ax.set_xlabel("update")
ax.set_ylabel("‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)")
ax.set_yticks([-1.6989700043360187, -1.5228787452803376, -1.3979400086720375, -1.3010299956639813, -1.2218487496163564, -1.154901959985743, -1.0969100130080565, -1.0457574905606752, -1.0, -0.6989700043360187, -0.5228787452803376, -0.3979400086720376, -0.30102999566398114, -0.22184874961635637, -0.1549019599857432, -0.09691001300805646, -0.04575749056067513, 0.0])
ax.set_yticklabels(["0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "1e-1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1e0"])
ax.set_ylim(-1.976292324055089, 0.10759456868066719)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "informative_gradient_taskcopy-memory-matplotlib.svg"))
plt.close(fig)
