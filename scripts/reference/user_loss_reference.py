#!/usr/bin/env python3
"""Reference files for `gradpath analyze --grad-output` parity tests: whole PyTorch models with a
real loss, exported by tools/export_for_gradpath.py, against float64 PyTorch autograd.

Usage (from the repository root; needs torch, numpy and safetensors):

    python3 scripts/reference/user_loss_reference.py Tests/InstrumentationTests/Fixtures/user_loss

Cases (float64 models, seeded):
- `whole_lstm_ce`: Embedding(12, 5) → 2-layer LSTM(5, 7, batch_first=True) → Linear(7, 4), mean
  cross-entropy over every step of a (B = 3, T = 40) batch of token ids;
- `relu_rnn_nobias_bf16`: a 2-layer nn.RNN(3, 6, nonlinearity="relu", bias=False) whose weights are
  bfloat16 values (the checkpoint is saved in BF16), with a loss that reads the last output through a
  Linear head (MSE) and the final state h_n (0.1·‖h_n‖²), T = 35, B = 2;
- `gru_hn_only`: a 1-layer GRU(4, 5) whose loss reads only h_n (a sequence classifier), T = 60, B = 2;
- `projected_lstm`: a 2-layer LSTM(4, 8, proj_size=3) (h_t = W_hr (o_t * tanh c_t), P = 3) under a
  Linear(3, 2) head, MSE over every step plus 0.1·||c_n||^2 (so grad_c_n is used), T = 50, B = 2;
- `bigru_tagger` (bidirectional): a 2-layer bidirectional GRU(3, 4) under a Linear(8, 3) head with mean
  cross-entropy over every step, T = 30, B = 2, plus 0.05·‖h_n‖²: its reference holds, per layer,
  direction (0 forward, 1 reverse) and input position p = 0 … T + 1, log10 ||dL/dh|| of that
  direction's state after reading position p (the forward direction's initial state at p = 0, the
  reverse direction's at p = T + 1).

For each, export() writes weights.safetensors (the whole state_dict), inputs.safetensors (what the
recurrent module received) and grad_output.safetensors; the reference re-runs the recurrent module
as an explicit loop over its own weights with retain_grad on every state, feeding dL/doutput and
dL/dh_n from autograd (the same loss), and records log10 ||dL/dh_t|| (and ||dL/dc_t||) per layer,
t = 0 … T, scaled so they do not underflow. The script asserts that the loop's outputs equal the
module's (1e-12).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
from analyze_reference import log10_norm, step  # noqa: E402  (the same cell equations and norms)
from export_for_gradpath import export  # noqa: E402

torch.set_default_dtype(torch.float64)


def reference(module, kind, x_seq_first, grad_out_seq_first, grad_hn, grad_cn):
    """Per-layer, per-step norms of the total dL/dh_t when dL/doutput and dL/dh_n are given."""
    p = {k: v.detach().clone() for k, v in module.state_dict().items()}
    L, H = module.num_layers, module.hidden_size
    S = getattr(module, "proj_size", 0) or H  # the width of h (P with projections)
    T, B = x_seq_first.shape[0], x_seq_first.shape[1]
    inp = x_seq_first
    hs_all, cs_all, finals_h, finals_c = [], [], [], []
    for l in range(L):
        h = torch.zeros(B, S, requires_grad=True)
        c = torch.zeros(B, H, requires_grad=True) if kind == "lstm" else None
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
        finals_h.append(h)
        finals_c.append(c)
    with torch.no_grad():
        out, state = module(x_seq_first.transpose(0, 1) if module.batch_first else x_seq_first)
        out = out.transpose(0, 1) if module.batch_first else out
    assert torch.allclose(inp, out, rtol=1e-12, atol=1e-14)
    # L' = <G, output> + <A, h_n> + <C, c_n>: the same gradients as the user's loss.
    surrogate = (grad_out_seq_first * inp).sum()
    if grad_hn is not None:
        surrogate = surrogate + sum((grad_hn[l] * finals_h[l]).sum() for l in range(L))
    if grad_cn is not None:
        surrogate = surrogate + sum((grad_cn[l] * finals_c[l]).sum() for l in range(L))
    surrogate.backward()
    return {
        "grad_h_log10": [[log10_norm(h) for h in hs] for hs in hs_all],
        "grad_c_log10": [[log10_norm(c) for c in cs] for cs in cs_all] if kind == "lstm" else [],
    }


def case_whole_lstm_ce():
    torch.manual_seed(11)

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(12, 5)
            self.rnn = torch.nn.LSTM(5, 7, num_layers=2, batch_first=True)
            self.head = torch.nn.Linear(7, 4)

        def forward(self, tokens):
            out, _ = self.rnn(self.embedding(tokens))
            return self.head(out)

    model = Tagger()
    tokens = torch.randint(0, 12, (3, 40))
    labels = torch.randint(0, 4, (3, 40))
    loss = lambda: torch.nn.functional.cross_entropy(model(tokens).reshape(-1, 4), labels.reshape(-1))
    return model, "rnn", model.rnn, "lstm", loss, None


def case_relu_rnn_nobias_bf16():
    torch.manual_seed(12)
    rnn = torch.nn.RNN(3, 6, num_layers=2, nonlinearity="relu", bias=False)
    with torch.no_grad():
        for w in rnn.parameters():
            w.copy_(w.to(torch.bfloat16).to(torch.float64))
    head = torch.nn.Linear(6, 1)
    model = torch.nn.ModuleDict({"rnn": rnn, "head": head})
    x = torch.rand(35, 2, 3) * 2 - 1
    y = torch.rand(2, 1)

    def loss():
        out, h_n = model["rnn"](x)
        return torch.nn.functional.mse_loss(model["head"](out[-1]), y) + 0.1 * (h_n ** 2).sum()

    return model, "rnn", rnn, "rnn-relu", loss, torch.bfloat16


def case_gru_hn_only():
    torch.manual_seed(13)
    gru = torch.nn.GRU(4, 5)
    head = torch.nn.Linear(5, 3)
    model = torch.nn.ModuleDict({"encoder": gru, "classifier": head})
    x = torch.rand(60, 2, 4) * 2 - 1
    y = torch.tensor([0, 2])

    def loss():
        _, h_n = model["encoder"](x)
        return torch.nn.functional.cross_entropy(model["classifier"](h_n[-1]), y)

    return model, "encoder", gru, "gru", loss, None


def case_projected_lstm():
    torch.manual_seed(15)
    lstm = torch.nn.LSTM(4, 8, num_layers=2, proj_size=3)
    head = torch.nn.Linear(3, 2)
    model = torch.nn.ModuleDict({"lstm": lstm, "head": head})
    x = torch.rand(50, 2, 4) * 2 - 1
    y = torch.rand(50, 2, 2)

    def loss():
        out, (_, c_n) = model["lstm"](x)
        return torch.nn.functional.mse_loss(model["head"](out), y) + 0.1 * (c_n ** 2).sum()

    return model, "lstm", lstm, "lstm", loss, None


def reference_bidirectional(module, kind, x, grad_out, grad_hn):
    """Per layer, direction and input position: log10 ||dL/dh|| for a bidirectional module."""
    p = {k: v.detach().clone() for k, v in module.state_dict().items()}
    L, H = module.num_layers, module.hidden_size
    T, B = x.shape[0], x.shape[1]
    inp = x
    states, finals = [], []
    for l in range(L):
        per_dir = []
        outs_dir = []
        for d, suffix in enumerate(["", "_reverse"]):
            q = {k[:-len(suffix)] if suffix and k.endswith(suffix) else k: v for k, v in p.items()
                 if (k.endswith(suffix) if suffix else not k.endswith("_reverse"))}
            h = torch.zeros(B, H, requires_grad=True)
            hs = {0 if d == 0 else T + 1: h}
            outs = [None] * T
            order = range(T) if d == 0 else range(T - 1, -1, -1)
            for t in order:
                h, _ = step(kind, q, l, inp[t], h, None)
                h.retain_grad()
                hs[t + 1] = h
                outs[t] = h
            per_dir.append(hs)
            outs_dir.append(torch.stack(outs))
            finals.append(h)
        inp = torch.cat(outs_dir, dim=2)
        states.append(per_dir)
    with torch.no_grad():
        out, _ = module(x)
    assert torch.allclose(inp, out, rtol=1e-12, atol=1e-14)
    surrogate = (grad_out * inp).sum()
    if grad_hn is not None:
        surrogate = surrogate + sum((grad_hn[i] * finals[i]).sum() for i in range(2 * L))
    surrogate.backward()
    return {"grad_h_log10": [[[log10_norm(hs[q]) if q in hs else None for q in range(T + 2)] for hs in per_dir]
                             for per_dir in states]}


def case_bigru_tagger():
    torch.manual_seed(14)
    rnn = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    head = torch.nn.Linear(8, 3)
    model = torch.nn.ModuleDict({"rnn": rnn, "head": head})
    x = torch.rand(30, 2, 3) * 2 - 1
    y = torch.randint(0, 3, (30, 2))

    def loss():
        out, h_n = model["rnn"](x)
        ce = torch.nn.functional.cross_entropy(model["head"](out).reshape(-1, 3), y.reshape(-1))
        return ce + 0.05 * (h_n ** 2).sum()

    return model, "rnn", rnn, "gru", loss, None


BIDIRECTIONAL = [("bigru_tagger", case_bigru_tagger)]

CASES = [("whole_lstm_ce", case_whole_lstm_ce), ("relu_rnn_nobias_bf16", case_relu_rnn_nobias_bf16),
         ("gru_hn_only", case_gru_hn_only), ("projected_lstm", case_projected_lstm)]


def main(out_dir):
    from safetensors.torch import load_file, save_file
    index = []
    for name, make in CASES:
        model, module_name, module, kind, loss, save_dtype = make()
        d = os.path.join(out_dir, name)
        command = export(model, module_name, loss, out=d)
        if save_dtype is not None:
            w = load_file(os.path.join(d, "weights.safetensors"))
            save_file({k: v.to(save_dtype).contiguous() for k, v in w.items()}, os.path.join(d, "weights.safetensors"))
        x = load_file(os.path.join(d, "inputs.safetensors"))["input"]
        g = load_file(os.path.join(d, "grad_output.safetensors"))
        x_sf = x.transpose(0, 1) if module.batch_first else x
        g_sf = g["grad_output"].transpose(0, 1) if module.batch_first else g["grad_output"]
        ref = reference(module, kind, x_sf, g_sf, g.get("grad_h_n"), g.get("grad_c_n"))
        ref.update({"name": name, "module": module_name, "cell": kind, "layers": module.num_layers,
                    "projection": getattr(module, "proj_size", 0), "batch_first": module.batch_first, "steps": x_sf.shape[0], "batch": x_sf.shape[1],
                    "final_state_gradient": "grad_h_n" in g or "grad_c_n" in g,
                    "command": command.replace(d + "/", "").replace(d, ".")})
        with open(os.path.join(d, "reference.json"), "w") as f:
            json.dump(ref, f, separators=(",", ":"))
            f.write("\n")
        index.append(name)
    bidirectional = []
    for name, make in BIDIRECTIONAL:
        model, module_name, module, kind, loss, _ = make()
        d = os.path.join(out_dir, name)
        command = export(model, module_name, loss, out=d)
        x = load_file(os.path.join(d, "inputs.safetensors"))["input"]
        g = load_file(os.path.join(d, "grad_output.safetensors"))
        ref = reference_bidirectional(module, kind, x, g["grad_output"], g.get("grad_h_n"))
        ref.update({"name": name, "module": module_name, "cell": kind, "layers": module.num_layers,
                    "steps": x.shape[0], "batch": x.shape[1],
                    "command": command.replace(d + "/", "").replace(d, ".")})
        with open(os.path.join(d, "reference.json"), "w") as f:
            json.dump(ref, f, separators=(",", ":"))
            f.write("\n")
        bidirectional.append(name)
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump({"generator": "scripts/reference/user_loss_reference.py", "torch_version": torch.__version__,
                   "cases": index, "bidirectional_cases": bidirectional}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
