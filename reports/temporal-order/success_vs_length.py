#!/usr/bin/env python3
"""Redraws success_vs_length.svg from the CSV data alone: python3 success_vs_length.py (writes success_vs_length-matplotlib.svg)."""
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
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0"}), color="#0072B2", linewidth=1.6, linestyle="-", marker="o", markersize=4, markevery=(0, 1), label="arm=msgd")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "msgd", "clip": "none", "clip_threshold": "1", "omega": "0"}), color="#0072B2", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0"}), color="#D55E00", linewidth=1.6, linestyle="-", marker="s", markersize=4, markevery=(0, 1), label="arm=msgd-c")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "msgd-c", "clip": "global-norm", "clip_threshold": "1", "omega": "0"}), color="#D55E00", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2"}), color="#009E73", linewidth=1.6, linestyle="-", marker="^", markersize=4, markevery=(0, 1), label="arm=msgd-cr")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "msgd-cr", "clip": "global-norm", "clip_threshold": "1", "omega": "2"}), color="#009E73", linewidth=1.6, linestyle="--", label="_nolegend_")
ax.set_title("Success rate against the length (dashed: Wilson 95% interval)")
ax.set_xlabel("sequence length T (log scale)")
ax.set_ylabel("success rate")
ax.set_yticks([0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
ax.set_yticklabels(["0", "0.2", "0.4", "0.6", "0.8", "1"])
ax.set_xscale("log")
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "success_vs_length-matplotlib.svg"))
plt.close(fig)
