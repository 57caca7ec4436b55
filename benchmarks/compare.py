#!/usr/bin/env python3
"""Side-by-side: GradPath's `gradpath bench` against the numpy BPTT of the same workload.

    python3 benchmarks/compare.py [--rounds 3] [--gradpath .build/release/gradpath] [--long]

Runs numpy and `gradpath bench --json` alternately, `--rounds` times each, on the same machine in
one session, and prints the median timesteps × batch per second of each and their ratio (2 BLAS
threads, the issue's setting), plus SVD, eigenvalue and Adam-step times. It first checks that both give the
same per-step log10 ‖∂L/∂h_t‖ to 1e-10 relative (4.3e-11 in log10) on the same weights and inputs
(numpy writes them as safetensors; `gradpath analyze` reads them). Exit status 1 if they differ.
Then it states each target of the performance issue as met or missed: throughput ≥ 2.5× numpy,
per-step norm overhead ≤ 10%, SVD and eigenvalues within 1.2× of numpy, the Adam step ≥ 2×, and
peak memory ≤ 2× the stored forward caches. `--long` adds the T = 100,000 checkpointed LSTM
(target: process peak < 2 GiB).
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CELLS = ["rnn-tanh", "lstm", "gru"]


def numpy_run(cell, threads, repeats, save=None):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    cmd = [sys.executable, os.path.join(HERE, "numpy_bptt.py"), "--cell", cell, "--repeats", str(repeats)]
    if save:
        cmd += ["--save", save]
    return json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)


def numpy_linalg(repeats):
    rng = np.random.default_rng(7)
    a, b = rng.uniform(-1, 1, (512, 512)), rng.uniform(-1, 1, (1024, 1024))
    def best(f):
        t = []
        for _ in range(repeats):
            t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
        return min(t)
    return {"svd512": best(lambda: np.linalg.svd(a, compute_uv=False)),
            "svd1024": best(lambda: np.linalg.svd(b, compute_uv=False)),
            "eig512": best(lambda: np.linalg.eigvals(a))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gradpath", default=os.path.join(HERE, "..", ".build", "release", "gradpath"))
    ap.add_argument("--long", action="store_true", help="also run the T = 100,000 checkpointed LSTM once")
    a = ap.parse_args()

    # 1. Same per-step norms on the same weights and inputs.
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for cell in CELLS:
            d = os.path.join(tmp, cell)
            numpy_run(cell, 2, 1, save=d)
            subprocess.run([a.gradpath, "analyze", "--cell", cell, "--weights", os.path.join(d, "weights.safetensors"),
                            "--inputs", os.path.join(d, "inputs.safetensors"), "--no-jacobians", "--out", os.path.join(d, "gp")],
                           check=True, capture_output=True)
            ref = json.load(open(os.path.join(d, "norms.json")))["grad_h_log10"]
            ours = [float(r["grad_h_log10"]) for r in csv.DictReader(open(os.path.join(d, "gp", "gradient_norms.csv")))]
            diff = max(abs(x - y) for x, y in zip(ref, ours))
            worst = max(worst, diff)
            print(f"norm check {cell}: max |Δ log10‖∂L/∂h_t‖| = {diff:.2e} over {len(ours)} steps (down to 1e{min(ours):.0f})")
    ok = worst <= 1e-10 / math.log(10)

    # 2. Alternating timings.
    np_rate = {c: [] for c in CELLS}
    gp_rate = {c: [] for c in CELLS}
    linalg_np, linalg_gp = [], []
    adam_np, adam_gp = [], []
    overhead = {c: [] for c in CELLS}
    memory = {}
    for r in range(a.rounds):
        for c in CELLS:
            np_rate[c].append(numpy_run(c, 2, a.repeats)["steps_times_batch_per_second"])
        linalg_np.append(numpy_linalg(a.repeats))
        env = dict(os.environ, OPENBLAS_NUM_THREADS="2", OMP_NUM_THREADS="2")
        adam_np.append(json.loads(subprocess.run([sys.executable, os.path.join(HERE, "numpy_bptt.py"), "--adam", "--repeats", str(a.repeats)],
                                                 env=env, check=True, capture_output=True, text=True).stdout)["adam_step_seconds"])
        out = json.loads(subprocess.run([a.gradpath, "bench", "--json", "--repeats", str(a.repeats)],
                                        check=True, capture_output=True, text=True).stdout)
        # GradPath's best 2-thread mode (OpenBLAS threads or its own batch split), per round.
        best = {}
        for w in out["workloads"]:
            if w["threads"] == 2:
                best[w["cell"]] = max(best.get(w["cell"], 0), w["stepsTimesBatchPerSecond"])
        for c, v in best.items():
            gp_rate[c].append(v)
        for w in out["workloads"]:
            if w["threads"] == 2 and w["stepsTimesBatchPerSecond"] == best[w["cell"]]:
                overhead[w["cell"]].append(w["normOverhead"])
        for m in out.get("memory", []):
            memory.setdefault(m["cell"], []).append(m["ratio"])
        linalg_gp.append({"svd512": out["svd512Seconds"], "svd1024": out["svd1024Seconds"], "eig512": out["eig512Seconds"]})
        adam_gp.append(out["adamStepSeconds"])
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)

    targets = []   # (what, value, target text, met)
    print("\nmedian timesteps × batch per second, 2 threads, alternating rounds:")
    print(f"{'cell':10}{'numpy':>12}{'gradpath':>12}{'ratio':>8}{'norm overhead':>15}")
    for c in CELLS:
        n, g = statistics.median(np_rate[c]), statistics.median(gp_rate[c])
        o = statistics.median(overhead[c])
        print(f"{c:10}{n:12.0f}{g:12.0f}{g / n:8.2f}{100 * o:+14.1f}%")
        targets.append((f"{c} throughput", f"{g / n:.2f}×", "≥ 2.5× numpy", g / n >= 2.5))
        targets.append((f"{c} norm overhead", f"{100 * o:+.1f}%", "≤ 10%", o <= 0.10))
    print("\nmedian seconds (numpy / gradpath; ratio = numpy time ÷ gradpath time):")
    for k in ["svd512", "svd1024", "eig512"]:
        n, g = statistics.median(x[k] for x in linalg_np), statistics.median(x[k] for x in linalg_gp)
        print(f"{k:10}{n:12.4f}{g:12.4f}{n / g:8.2f}")
        targets.append((k, f"{g / n:.2f}× numpy's time", "≤ 1.2× numpy's time", g / n <= 1.2))
    n, g = statistics.median(adam_np), statistics.median(adam_gp)
    print(f"{'adam step':10}{n:12.4f}{g:12.4f}{n / g:8.2f}   (LSTM H = 128, adding T = 200, batch 32)")
    targets.append(("Adam step", f"{n / g:.2f}×", "≥ 2× numpy", n / g >= 2))
    for c, r in memory.items():
        targets.append((f"{c} peak memory", f"{statistics.median(r):.2f}× caches", "≤ 2× the stored forward caches", statistics.median(r) <= 2))
    if a.long:
        out = json.loads(subprocess.run([a.gradpath, "bench", "--json", "--workload-only", "--threads", "1", "--cell", "lstm",
                                         "--repeats", "1", "--long"], check=True, capture_output=True, text=True).stdout)
        l = out["longSequence"]
        peak = l.get("processPeakBytes")
        print(f"\nT = {l['steps']}, LSTM, checkpoints every {l['segment']}: {l['seconds']:.1f} s, process peak "
              f"{peak / 2**20:.0f} MiB (unsegmented caches would be {l['unsegmentedCacheBytes'] / 2**30:.1f} GiB), "
              f"log10‖∂L/∂h_0‖ = {l['log10GradH0']:.1f}")
        targets.append(("T = 100,000 LSTM", f"{peak / 2**20:.0f} MiB" if peak else "not measured", "< 2 GiB", bool(peak) and peak < 2**31))
    print("\ntargets:")
    for what, value, target, met in targets:
        print(f"  {'met   ' if met else 'MISSED'} {what:22} {value:>22}   (target {target})")
    if not ok:
        print(f"per-step norms differ by {worst:.2e} in log10 (> 1e-10 relative)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
