#!/usr/bin/env python3
"""Reference files for `gradpath analyze` parity tests: real PyTorch models saved as safetensors.

Usage (from the repository root; needs torch, numpy and safetensors):

    python3 scripts/reference/analyze_reference.py Tests/InstrumentationTests/Fixtures/analyze

For each case it builds an nn.RNN / nn.LSTM / nn.GRU (seeded), saves its state_dict with
safetensors.torch.save_file (F64, or F32 where noted: the float32 weights are what GradPath reads
and converts exactly), saves an input batch (T, B, I) (and h0/c0 for some cases), and computes with
PyTorch autograd in float64, through an explicit loop over nn.RNNCell-equivalent steps of the
module's own weights with retain_grad on every state:

- log10 ||dL/dh_t|| and log10 ||dL/dc_t|| per layer, t = 0..T (total gradients, norms computed
  with scaling so they do not underflow; `null` where PyTorch's float64 gradient itself is exactly
  0 or not finite),
- every parameter gradient, the loss.

The script asserts that the loop reproduces the nn module's loss and gradients (1e-12), so the
reference is PyTorch's. The tests compare GradPath to 1e-9 in log10 wherever the reference norm is
above 1e-290, and parameter gradients to 1e-10 relative.
"""
import json
import math
import os
import sys

import numpy as np
import torch
from safetensors.torch import save_file

torch.set_default_dtype(torch.float64)

CASES = [
    # name, module, layers, I, H, T, B, loss, weight dtype, with initial states, W_hh scale
    ("rnn_tanh_2layer_f64", "rnn-tanh", 2, 4, 8, 50, 3, "last", torch.float64, False, 1.0),
    ("rnn_relu_f32", "rnn-relu", 1, 3, 6, 40, 2, "last", torch.float32, True, 1.0),
    ("lstm_2layer_f32", "lstm", 2, 5, 7, 45, 3, "last", torch.float32, True, 1.0),
    ("gru_2layer_all_f64", "gru", 2, 3, 6, 30, 2, "all", torch.float64, False, 1.0),
    # A deep vanishing case: W_hh scaled by 0.25, T = 700: PyTorch's own norms fall below 1e-290
    # and then underflow; GradPath's stay exact (compared only where PyTorch's are above 1e-290).
    ("rnn_tanh_deep_vanishing", "rnn-tanh", 1, 3, 8, 700, 2, "last", torch.float64, False, 0.25),
]


def make(kind, layers, I, H):
    if kind.startswith("rnn"):
        return torch.nn.RNN(I, H, num_layers=layers, nonlinearity=kind.split("-")[1])
    if kind == "lstm":
        return torch.nn.LSTM(I, H, num_layers=layers)
    return torch.nn.GRU(I, H, num_layers=layers)


def step(kind, p, l, x, h, c):
    # A module built with bias=False has no bias tensors: they count as zero.
    wi, wh, bi, bh = p[f"weight_ih_l{l}"], p[f"weight_hh_l{l}"], p.get(f"bias_ih_l{l}", 0), p.get(f"bias_hh_l{l}", 0)
    H = h.shape[1]
    if kind.startswith("rnn"):
        a = x @ wi.T + bi + h @ wh.T + bh
        return (torch.tanh(a) if kind == "rnn-tanh" else torch.relu(a)), None
    if kind == "lstm":
        # With proj_size = P, h is P wide, weight_hh is 4H x P and h_t = weight_hr (o * tanh c_t).
        H = wh.shape[0] // 4
        z = x @ wi.T + bi + h @ wh.T + bh
        i, f = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H:2 * H])
        g, o = torch.tanh(z[:, 2 * H:3 * H]), torch.sigmoid(z[:, 3 * H:])
        c2 = f * c + i * g
        m = o * torch.tanh(c2)
        whr = p.get(f"weight_hr_l{l}")
        return (m if whr is None else m @ whr.T), c2
    gx, gh = x @ wi.T + bi, h @ wh.T + bh
    r = torch.sigmoid(gx[:, :H] + gh[:, :H])
    z = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1 - z) * n + z * h, None


def loss_of(out, loss):
    return 0.5 * (out[-1] ** 2).sum() if loss == "last" else 0.5 * (out ** 2).sum()


def log10_norm(t):
    """log10 of the Euclidean norm of t.grad, scaled so that it does not underflow: the naive
    sqrt(sum(x^2)) (torch.linalg.vector_norm in float64) returns 0 once the elements are below
    about 1e-154, although the gradient itself is still representable. None where the gradient is
    exactly zero or not finite."""
    if t.grad is None:
        return None
    g = t.grad.detach().numpy().reshape(-1)
    m = float(np.max(np.abs(g)))
    if m == 0 or not math.isfinite(m):
        return None
    return math.log10(m) + 0.5 * math.log10(float(np.sum((g / m) ** 2)))


def main(out_dir):
    index = []
    for n, (name, kind, L, I, H, T, B, loss, wdtype, with_states, scale) in enumerate(CASES):
        torch.manual_seed(1000 + n)
        m = make(kind, L, I, H)
        with torch.no_grad():
            for l in range(L):
                getattr(m, f"weight_hh_l{l}").mul_(scale)
        m = m.to(wdtype)
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        save_file({k: v.contiguous() for k, v in m.state_dict().items()}, os.path.join(d, "weights.safetensors"))
        gen = torch.Generator().manual_seed(2000 + n)
        x = torch.rand(T, B, I, generator=gen) * 2 - 1
        tensors = {"input": x}
        h0 = torch.rand(L, B, H, generator=gen) - 0.5 if with_states else torch.zeros(L, B, H)
        c0 = torch.rand(L, B, H, generator=gen) - 0.5 if with_states else torch.zeros(L, B, H)
        if with_states:
            tensors["h0"] = h0
            if kind == "lstm":
                tensors["c0"] = c0
        save_file(tensors, os.path.join(d, "inputs.safetensors"))

        # Reference in float64 from the (possibly float32) saved weights.
        m64 = m.to(torch.float64)
        p = {k: v.detach().clone().requires_grad_(True) for k, v in m64.state_dict().items()}
        h0s = [h0[l].clone().requires_grad_(True) for l in range(L)]
        c0s = [c0[l].clone().requires_grad_(True) for l in range(L)]
        inp = x
        hs_all, cs_all = [], []
        for l in range(L):
            h, c = h0s[l], c0s[l] if kind == "lstm" else None
            hs, cs, outs = [h], [c], []
            for t in range(T):
                h, c = step(kind, p, l, inp[t], h, c)
                h.retain_grad()
                if c is not None:
                    c.retain_grad()
                hs.append(h)
                cs.append(c)
                outs.append(h)
            inp = torch.stack(outs)
            hs_all.append(hs)
            cs_all.append(cs)
        L_val = loss_of(inp, loss)
        L_val.backward()

        # The nn module itself, for the loss and parameter gradients.
        mm = make(kind, L, I, H).double()
        with torch.no_grad():
            for k, v in mm.named_parameters():
                v.copy_(m64.state_dict()[k])
        if kind == "lstm":
            out, _ = mm(x, (h0, c0))
        else:
            out, _ = mm(x, h0)
        ml = loss_of(out, loss)
        ml.backward()
        assert abs(ml.item() - L_val.item()) <= 1e-12 * abs(ml.item())
        for k, v in mm.named_parameters():
            assert torch.allclose(v.grad, p[k].grad, rtol=1e-11, atol=1e-300), (name, k)

        ref = {
            "name": name, "cell": kind, "layers": L, "steps": T, "batch": B, "loss": loss,
            "weight_dtype": "F32" if wdtype == torch.float32 else "F64",
            "loss_value": L_val.item(),
            "grad_h_log10": [[log10_norm(h) for h in hs] for hs in hs_all],
            "grad_c_log10": [[log10_norm(c) for c in cs] for cs in cs_all] if kind == "lstm" else [],
            "gradients": {k: [float(v) for v in p[k].grad.reshape(-1)] for k in p},
        }
        with open(os.path.join(d, "reference.json"), "w") as f:
            json.dump(ref, f, separators=(",", ":"))
            f.write("\n")
        index.append(name)
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump({"generator": "scripts/reference/analyze_reference.py", "torch_version": torch.__version__,
                   "cases": index}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
