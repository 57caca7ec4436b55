#!/usr/bin/env python3
"""Redraws success_vs_length.svg from the CSV data alone: python3 success_vs_length.py (writes success_vs_length-matplotlib.svg)."""
import csv
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

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
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#0072B2", linewidth=1.6, linestyle="-", label="arm=adding-hs1997")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#D55E00", linewidth=1.6, linestyle="--", label="arm=adding-hs1997: 95% CI")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "adding-hs1997", "batch_size": "32", "bias": "zero", "forget_bias": "10", "hidden_size": "8", "input_bias": "-3", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "-2", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#009E73", linewidth=1.6, linestyle="--", label="arm=adding-hs1997: 95% CI ")
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#CC79A7", linewidth=1.6, linestyle="-", label="arm=adding-default")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#E69F00", linewidth=1.6, linestyle="--", label="arm=adding-default: 95% CI")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "adding-default", "batch_size": "32", "bias": "pytorch", "forget_bias": "", "hidden_size": "8", "input_bias": "", "learning_rate": "0.01", "optimizer": "adam", "output_bias": "", "success_level": "0.99", "task": "adding-hochreiter1997", "updates": "3000"}), color="#56B4E9", linewidth=1.6, linestyle="--", label="arm=adding-default: 95% CI ")
ax.plot(*series("success_rates.csv", "length", "rate", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#000000", linewidth=1.6, linestyle="-", label="arm=copy-lstm")
ax.plot(*series("success_rates.csv", "length", "rate_lower", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#F0E442", linewidth=1.6, linestyle="--", label="arm=copy-lstm: 95% CI")
ax.plot(*series("success_rates.csv", "length", "rate_upper", {"arm": "copy-lstm", "batch_size": "20", "bias": "pytorch", "forget_bias": "", "hidden_size": "40", "input_bias": "", "learning_rate": "0.001", "optimizer": "rmsprop", "output_bias": "", "success_level": "0.99", "task": "copy-memory", "updates": "2000"}), color="#0072B2", linewidth=1.6, linestyle="--", label="arm=copy-lstm: 95% CI ")
ax.set_title("Success rate against the length (dashed: Wilson 95% interval)")
ax.set_xlabel("sequence length T (log scale)")
ax.set_ylabel("success rate")
ax.set_xscale("log")
ax.set_ylim(0.0, 1.0)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "success_vs_length-matplotlib.svg"))
