#!/usr/bin/env python3
"""Reference values for GradPath's parity tests, computed with PyTorch autograd in float64.

Usage (from the repository root; needs torch and numpy):

    python3 scripts/reference/pytorch_reference.py > Tests/RecurrentTests/Fixtures/pytorch_reference.json

The tests read only the committed JSON; they never run this script.

For every GradPath cell and variant (rnn-tanh, rnn-relu, rnn-identity, rnn-sigmoid, lstm,
lstm-peephole, lstm-coupled, gru, gru-reset-before, lstm-no-forget-gate,
lstm-no-output-activation) and a few shapes, it draws weights, inputs
and initial states with numpy (seeded, independent of GradPath's generator), then computes with
torch autograd:

- the probe loss (last: 1/2 ||h_T||^2, all: sum_t 1/2 ||h_t||^2, Frobenius over the batch),
- the top layer's outputs h_1..h_T and every layer's final state,
- every parameter gradient (PyTorch names weight_ih_l{k}, ...), dL/dh0 and dL/dc0,
- log10 ||dL/dh_t|| and log10 ||dL/dc_t|| for every layer and t = 0..T, where dL/dh_t is the
  total gradient (retain_grad on each state of an explicit cell loop).

Cells PyTorch has (nn.RNN tanh/relu, nn.LSTM, nn.GRU) are also run through the nn module itself
with the same weights; the script asserts that module and loop agree to 1e-12, so the loop's
equations, gate order and parameter layout are PyTorch's. The other variants use the same loop
with the equations in GradPath's docs/cells.md (peephole: Gers & Schmidhuber 2000; coupled: f = 1 - i;
reset-before: Cho et al. 2014; no-forget-gate: f = 1; no-output-activation: h = o * c, Greff et al. 2017).
"""
import json
import math
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

CASES = [
    # (cell, layers, loss, I, H, B, T, seed)
    *[(c, 1, "last", 3, 4, 2, 7, 100 + i) for i, c in enumerate(
        ["rnn-tanh", "rnn-relu", "rnn-identity", "rnn-sigmoid", "lstm", "lstm-peephole",
         "lstm-coupled", "gru", "gru-reset-before", "lstm-no-forget-gate", "lstm-no-output-activation"])],
    *[(c, 2, "all", 3, 5, 3, 6, 200 + i) for i, c in enumerate(
        ["rnn-tanh", "rnn-relu", "rnn-identity", "rnn-sigmoid", "lstm", "lstm-peephole",
         "lstm-coupled", "gru", "gru-reset-before", "lstm-no-forget-gate", "lstm-no-output-activation"])],
    ("rnn-tanh", 1, "last", 4, 8, 2, 60, 300),
    ("lstm", 1, "last", 4, 8, 2, 60, 301),
    ("gru", 1, "last", 4, 8, 2, 60, 302),
]


def gates(cell):
    return {"lstm": 4, "lstm-peephole": 4, "lstm-coupled": 3, "gru": 3, "gru-reset-before": 3,
            "lstm-no-forget-gate": 3, "lstm-no-output-activation": 4}.get(cell, 1)


def has_c(cell):
    return cell.startswith("lstm")


def draw(cell, layers, I, H, B, T, seed):
    rng = np.random.default_rng(seed)
    k = 1 / math.sqrt(H)
    G = gates(cell)
    params = {}
    for l in range(layers):
        inp = I if l == 0 else H
        params[f"weight_ih_l{l}"] = rng.uniform(-k, k, (G * H, inp))
        params[f"weight_hh_l{l}"] = rng.uniform(-k, k, (G * H, H))
        params[f"bias_ih_l{l}"] = rng.uniform(-k, k, G * H)
        params[f"bias_hh_l{l}"] = rng.uniform(-k, k, G * H)
        if cell == "lstm-peephole":
            for g in "ifo":
                params[f"weight_peephole_{g}_l{l}"] = rng.uniform(-k, k, H)
    x = rng.uniform(-1, 1, (T, B, I))
    h0 = rng.uniform(-0.5, 0.5, (layers, B, H))
    c0 = rng.uniform(-0.5, 0.5, (layers, B, H)) if has_c(cell) else None
    return params, x, h0, c0


def step(cell, p, l, x, h, c):
    wi, wh = p[f"weight_ih_l{l}"], p[f"weight_hh_l{l}"]
    bi, bh = p[f"bias_ih_l{l}"], p[f"bias_hh_l{l}"]
    H = h.shape[1]
    if cell.startswith("rnn"):
        a = x @ wi.T + bi + h @ wh.T + bh
        act = cell.split("-")[1]
        return {"tanh": torch.tanh, "relu": torch.relu, "identity": lambda v: v,
                "sigmoid": torch.sigmoid}[act](a), None
    if cell.startswith("lstm"):
        z = x @ wi.T + bi + h @ wh.T + bh
        if cell in ("lstm-coupled", "lstm-no-forget-gate"):
            zi, zg, zo = z[:, :H], z[:, H:2 * H], z[:, 2 * H:]
            i = torch.sigmoid(zi)
            f = 1 - i if cell == "lstm-coupled" else torch.ones_like(i)
        else:
            zi, zf, zg, zo = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
            if cell == "lstm-peephole":
                zi = zi + p[f"weight_peephole_i_l{l}"] * c
                zf = zf + p[f"weight_peephole_f_l{l}"] * c
            i, f = torch.sigmoid(zi), torch.sigmoid(zf)
        g = torch.tanh(zg)
        c_new = f * c + i * g
        if cell == "lstm-peephole":
            zo = zo + p[f"weight_peephole_o_l{l}"] * c_new
        o = torch.sigmoid(zo)
        if cell == "lstm-no-output-activation":
            return o * c_new, c_new
        return o * torch.tanh(c_new), c_new
    # GRU, gate order (r, z, n)
    gx = x @ wi.T + bi
    if cell == "gru":
        gh = h @ wh.T + bh
        r = torch.sigmoid(gx[:, :H] + gh[:, :H])
        zz = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
        n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    else:
        gh = h @ wh[:2 * H].T + bh[:2 * H]
        r = torch.sigmoid(gx[:, :H] + gh[:, :H])
        zz = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
        n = torch.tanh(gx[:, 2 * H:] + (r * h) @ wh[2 * H:].T + bh[2 * H:])
    return (1 - zz) * n + zz * h, None


def loss_of(out, loss):
    return 0.5 * (out[-1] ** 2).sum() if loss == "last" else 0.5 * (out ** 2).sum()


def run_loop(cell, layers, loss, params_np, x_np, h0_np, c0_np):
    p = {k: torch.tensor(v, requires_grad=True) for k, v in params_np.items()}
    x = torch.tensor(x_np)
    h0 = [torch.tensor(h0_np[l], requires_grad=True) for l in range(layers)]
    c0 = [torch.tensor(c0_np[l], requires_grad=True) for l in range(layers)] if c0_np is not None else None
    inp = x
    hs_all, cs_all, final_h, final_c = [], [], [], []
    T = x.shape[0]
    for l in range(layers):
        h = h0[l]
        c = c0[l] if c0 is not None else None
        hs, cs, outs = [h], [c], []
        for t in range(T):
            h, c = step(cell, p, l, inp[t], h, c)
            h.retain_grad()
            if c is not None:
                c.retain_grad()
            hs.append(h)
            cs.append(c)
            outs.append(h)
        inp = torch.stack(outs)
        hs_all.append(hs)
        cs_all.append(cs)
        final_h.append(h)
        final_c.append(c)
    L = loss_of(inp, loss)
    L.backward()
    return L, inp, p, h0, c0, hs_all, cs_all, final_h, final_c


def run_module(cell, layers, loss, params_np, x_np, h0_np, c0_np):
    I, H = x_np.shape[2], h0_np.shape[2]
    if cell in ("rnn-tanh", "rnn-relu"):
        m = torch.nn.RNN(I, H, num_layers=layers, nonlinearity=cell.split("-")[1])
    elif cell == "lstm":
        m = torch.nn.LSTM(I, H, num_layers=layers)
    elif cell == "gru":
        m = torch.nn.GRU(I, H, num_layers=layers)
    else:
        return None
    m = m.double()
    with torch.no_grad():
        for name, prm in m.named_parameters():
            prm.copy_(torch.tensor(params_np[name]))
    x = torch.tensor(x_np)
    h0 = torch.tensor(h0_np, requires_grad=True)
    if cell == "lstm":
        c0 = torch.tensor(c0_np, requires_grad=True)
        out, (hn, cn) = m(x, (h0, c0))
    else:
        c0 = None
        out, hn = m(x, h0)
    L = loss_of(out, loss)
    L.backward()
    grads = {name: prm.grad.numpy() for name, prm in m.named_parameters()}
    return L.item(), out.detach().numpy(), grads, h0.grad.numpy(), None if c0 is None else c0.grad.numpy()


def log10_norm(t):
    if t is None or t.grad is None:
        return None
    n = float(torch.linalg.vector_norm(t.grad))
    return -math.inf if n == 0 else math.log10(n)


def flat(a):
    return [float(v) for v in np.asarray(a).reshape(-1)]


def main():
    cases = []
    for cell, layers, loss, I, H, B, T, seed in CASES:
        params, x, h0, c0 = draw(cell, layers, I, H, B, T, seed)
        L, out, p, h0t, c0t, hs_all, cs_all, fh, fc = run_loop(cell, layers, loss, params, x, h0, c0)
        grads = {k: v.grad.numpy() for k, v in p.items()}
        mod = run_module(cell, layers, loss, params, x, h0, c0)
        if mod is not None:
            mL, mout, mgrads, mdh0, mdc0 = mod
            assert abs(mL - L.item()) <= 1e-12 * abs(mL), (cell, "loss")
            assert np.allclose(mout, out.detach().numpy(), rtol=1e-12, atol=1e-14), (cell, "outputs")
            for k in mgrads:
                assert np.allclose(mgrads[k], grads[k], rtol=1e-11, atol=1e-14), (cell, k)
            assert np.allclose(mdh0, np.stack([h.grad.numpy() for h in h0t]), rtol=1e-11, atol=1e-14)
        case = {
            "cell": cell, "layers": layers, "loss": loss,
            "input_size": I, "hidden_size": H, "batch_size": B, "steps": T, "seed": seed,
            "checked_against_torch_module": mod is not None,
            "input": flat(x), "h0": [flat(h0[l]) for l in range(layers)],
            "c0": [flat(c0[l]) for l in range(layers)] if c0 is not None else [],
            "parameters": {k: flat(v) for k, v in params.items()},
            "expected": {
                "loss": L.item(),
                "outputs": flat(out.detach().numpy()),
                "final_h": [flat(h.detach().numpy()) for h in fh],
                "final_c": [flat(c.detach().numpy()) for c in fc] if c0 is not None else [],
                "gradients": {k: flat(v) for k, v in grads.items()},
                "grad_h0": [flat(h.grad.numpy()) for h in h0t],
                "grad_c0": [flat(c.grad.numpy()) for c in c0t] if c0t is not None else [],
                "grad_h_log10": [[log10_norm(h) for h in hs] for hs in hs_all],
                "grad_c_log10": [[log10_norm(c) for c in cs] for cs in cs_all] if c0 is not None else [],
            },
        }
        cases.append(case)
    json.dump({"generator": "scripts/reference/pytorch_reference.py",
               "torch_version": torch.__version__, "numpy_version": np.__version__,
               "cases": cases}, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
