#!/usr/bin/env python3
"""A careful hand-written numpy BPTT of GradPath's reference workload (docs/workload.md).

Same equations, gate order and scaled per-step norms as GradPath: the inputs of all steps are
projected with one matmul, the recurrence costs one matmul per step forward and backward, the
weight gradients are formed after the reverse loop with one matmul over all T·B rows, and
log10 ||dL/dh_t|| is computed as log10(m) + 0.5·log10(sum((x/m)²)) with m = max|x| (no underflow
down to Double's smallest normal).

    python3 benchmarks/numpy_bptt.py --cell lstm --repeats 5            # prints JSON timings
    python3 benchmarks/numpy_bptt.py --cell gru --save DIR              # also writes DIR/weights.safetensors,
                                                                        # DIR/inputs.safetensors, DIR/norms.json
Threads: numpy's BLAS reads OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) at import.
"""
import argparse
import json
import math
import os
import struct
import time

import numpy as np

GATES = {"rnn-tanh": 1, "lstm": 4, "gru": 3}


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # exact in float64 up to rounding, and overflow-free


def log10_norm(x):
    m = float(np.max(np.abs(x)))
    if m == 0.0:
        return -math.inf
    return math.log10(m) + 0.5 * math.log10(float(np.sum((x / m) ** 2)))


def params(cell, I, H, rng):
    k = 1 / math.sqrt(H)
    G = GATES[cell]
    return {"weight_ih_l0": rng.uniform(-k, k, (G * H, I)), "weight_hh_l0": rng.uniform(-k, k, (G * H, H)),
            "bias_ih_l0": rng.uniform(-k, k, G * H), "bias_hh_l0": rng.uniform(-k, k, G * H)}


def run(cell, p, x, top_gradient=None):
    """Forward, exact BPTT; returns (log10 norms t = 0..T, grads, h_T). The loss is 1/2 ||h_T||²
    unless `top_gradient(h_T)` gives dL/dh_T."""
    T, B, I = x.shape
    Wih, Whh, bih, bhh = p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"], p["bias_hh_l0"]
    H = Whh.shape[1]
    hs = np.zeros((T + 1, B, H))
    if cell == "rnn-tanh":
        a = (x.reshape(T * B, I) @ Wih.T + bih + bhh).reshape(T, B, H)
        for t in range(T):
            hs[t + 1] = np.tanh(a[t] + hs[t] @ Whh.T)
    elif cell == "lstm":
        z = (x.reshape(T * B, I) @ Wih.T + bih + bhh).reshape(T, B, 4 * H)
        cs = np.zeros((T + 1, B, H))
        gates = np.empty((T, B, 4 * H))
        tcs = np.empty((T, B, H))
        for t in range(T):
            zt = z[t] + hs[t] @ Whh.T
            i, f = sigmoid(zt[:, :H]), sigmoid(zt[:, H:2 * H])
            g, o = np.tanh(zt[:, 2 * H:3 * H]), sigmoid(zt[:, 3 * H:])
            cs[t + 1] = f * cs[t] + i * g
            tcs[t] = np.tanh(cs[t + 1])
            hs[t + 1] = o * tcs[t]
            gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:3 * H], gates[t, :, 3 * H:] = i, f, g, o
    else:
        gx = (x.reshape(T * B, I) @ Wih.T + bih).reshape(T, B, 3 * H)
        gates = np.empty((T, B, 3 * H))
        ahn = np.empty((T, B, H))
        for t in range(T):
            gh = hs[t] @ Whh.T + bhh
            r = sigmoid(gx[t, :, :H] + gh[:, :H])
            zz = sigmoid(gx[t, :, H:2 * H] + gh[:, H:2 * H])
            n = np.tanh(gx[t, :, 2 * H:] + r * gh[:, 2 * H:])
            hs[t + 1] = (1 - zz) * n + zz * hs[t]
            gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:] = r, zz, n
            ahn[t] = gh[:, 2 * H:]
    G = GATES[cell]
    dA = np.empty((T, B, G * H))
    dAh = np.empty((T, B, G * H)) if cell == "gru" else dA
    logs = [0.0] * (T + 1)
    dh = hs[T].copy() if top_gradient is None else top_gradient(hs[T])
    dc = np.zeros((B, H))
    for t in range(T - 1, -1, -1):
        logs[t + 1] = log10_norm(dh)
        if cell == "rnn-tanh":
            dA[t] = dh * (1 - hs[t + 1] ** 2)
            dh = dA[t] @ Whh
        elif cell == "lstm":
            i, f, g, o = gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:3 * H], gates[t, :, 3 * H:]
            tc = tcs[t]
            dA[t, :, 3 * H:] = dh * tc * o * (1 - o)
            dct = dc + dh * o * (1 - tc * tc)
            dA[t, :, :H] = dct * g * i * (1 - i)
            dA[t, :, H:2 * H] = dct * cs[t] * f * (1 - f)
            dA[t, :, 2 * H:3 * H] = dct * i * (1 - g * g)
            dc = dct * f
            dh = dA[t] @ Whh
        else:
            r, zz, n = gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:]
            dan = dh * (1 - zz) * (1 - n * n)
            dar = dan * ahn[t] * r * (1 - r)
            daz = dh * (hs[t] - n) * zz * (1 - zz)
            dA[t, :, :H], dA[t, :, H:2 * H], dA[t, :, 2 * H:] = dar, daz, dan
            dAh[t, :, :H], dAh[t, :, H:2 * H], dAh[t, :, 2 * H:] = dar, daz, dan * r
            dh = dh * zz + dAh[t] @ Whh
    logs[0] = log10_norm(dh)
    A = dA.reshape(T * B, G * H)
    Ah = dAh.reshape(T * B, G * H)
    grads = {"weight_ih_l0": A.T @ x.reshape(T * B, I), "weight_hh_l0": Ah.T @ hs[:T].reshape(T * B, H),
             "bias_ih_l0": A.sum(0), "bias_hh_l0": Ah.sum(0)}
    return logs, grads, hs[T]


def adam_step_seconds(repeats, seed=3):
    """One Adam update of an LSTM (H = 128) with a linear readout on the adding problem (Le et al.
    form, T = 200, batch 32, MSE): forward, BPTT, readout gradients, torch.optim.Adam's update."""
    rng = np.random.default_rng(seed)
    T, B, H = 200, 32, 128
    p = params("lstm", 2, H, rng)
    k = 1 / math.sqrt(H)
    p["readout.weight"], p["readout.bias"] = rng.uniform(-k, k, (1, H)), rng.uniform(-k, k, 1)
    x = np.zeros((T, B, 2))
    x[:, :, 0] = rng.uniform(0, 1, (T, B))
    i, j = rng.integers(0, T // 2, B), rng.integers(T // 2, T, B)
    x[i, np.arange(B), 1] = 1
    x[j, np.arange(B), 1] = 1
    target = x[i, np.arange(B), 0] + x[j, np.arange(B), 0]
    m = {k_: np.zeros_like(v) for k_, v in p.items()}
    v2 = {k_: np.zeros_like(v) for k_, v in p.items()}
    step = [0]

    def one():
        cache = {}
        def top(hT):
            y = hT @ p["readout.weight"].T + p["readout.bias"]
            dy = 2 * (y[:, 0] - target)[:, None] / B
            cache["dW"], cache["db"] = dy.T @ hT, dy.sum(0)
            return dy @ p["readout.weight"]
        _, g, _ = run("lstm", p, x, top)
        g["readout.weight"], g["readout.bias"] = cache["dW"], cache["db"]
        step[0] += 1
        bc1, bc2 = 1 - 0.9 ** step[0], 1 - 0.999 ** step[0]
        for name, grad in g.items():
            m[name] += 0.1 * (grad - m[name])
            v2[name] = 0.999 * v2[name] + 0.001 * grad * grad
            p[name] -= (0.001 / bc1) * (m[name] / (np.sqrt(v2[name]) / math.sqrt(bc2) + 1e-8))

    one()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); one(); times.append(time.perf_counter() - t0)
    return min(times)


def save_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cell", choices=sorted(GATES), default="rnn-tanh")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--input", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", help="folder for weights, inputs and norms (for the norm check)")
    ap.add_argument("--adam", action="store_true", help="time one Adam step of an LSTM on the adding problem instead")
    a = ap.parse_args()
    if a.adam:
        print(json.dumps({"adam_step_seconds": adam_step_seconds(a.repeats), "numpy": np.__version__}))
        return
    rng = np.random.default_rng(a.seed)
    p = params(a.cell, a.input, a.hidden, rng)
    x = rng.uniform(-1, 1, (a.steps, a.batch, a.input))
    run(a.cell, p, x)  # warm-up
    times = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        logs, _, _ = run(a.cell, p, x)
        times.append(time.perf_counter() - t0)
    if a.save:
        os.makedirs(a.save, exist_ok=True)
        save_safetensors(os.path.join(a.save, "weights.safetensors"), p)
        save_safetensors(os.path.join(a.save, "inputs.safetensors"), {"input": x})
        with open(os.path.join(a.save, "norms.json"), "w") as f:
            json.dump({"grad_h_log10": logs}, f)
    best = min(times)
    print(json.dumps({"cell": a.cell, "seconds": best, "median_seconds": float(np.median(times)),
                      "steps_times_batch_per_second": a.steps * a.batch / best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
