#!/usr/bin/env python3
"""Reference files for reading Keras 3 weights: Keras's own SimpleRNN, LSTM and GRU (reset_after
True and False), saved with model.save_weights, with Keras's outputs and gradients.

Usage (from the repository root; needs keras >= 3 with the torch backend, torch, numpy, safetensors):

    KERAS_BACKEND=torch python3 scripts/reference/keras_reference.py Tests/InstrumentationTests/Fixtures/keras [CASE ...]

(naming cases regenerates only those; HDF5 files are not byte-reproducible, so the others stay as committed).

For each case: a Sequential model Input((T, I)) → one recurrent layer (H units, return_sequences)
in float64, its biases set to random values (so the conversion of every bias is exercised), saved as
`model.weights.h5` (and, for the LSTM and the ReLU SimpleRNN, the whole model as `model.keras`,
whose config.json holds the SimpleRNN's activation); an input batch x of shape (B, T, I) saved as `inputs.safetensors` (`input`,
batch-first as Keras takes it); and, from Keras itself (forward through the layer, autograd of the
torch backend), the output sequence and log10 ||dL/dx_t|| per step for L = ½||h_T||² (the last
step's output, summed over the batch). GradPath must reproduce both after converting the weights.

Keras 3.14 with the torch backend computes SimpleRNN and the GRU with reset_after=False in
float32 internally even with floatx float64 (their outputs differ from a float64 evaluation of
their own equations by 1.5e-7 and 4e-8, measured), so for those two cases the script also writes an
independent float64 reference — Keras's equations written out in torch float64 with autograd
(`float64_outputs`, `float64_input_grad_log10`, `float64_loss_value`) — and asserts that Keras's
values agree with it to 1e-6. LSTM and GRU with reset_after=True agree with it to 1e-16.
"""
import json
import math
import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

keras.config.set_floatx("float64")

CASES = [
    # name, layer, I, H, T, B
    ("simple_rnn", lambda: keras.layers.SimpleRNN(5, return_sequences=True, name="simple_rnn"), 3, 5, 20, 2),
    ("lstm", lambda: keras.layers.LSTM(4, return_sequences=True, name="lstm"), 3, 4, 25, 2),
    ("gru_reset_after", lambda: keras.layers.GRU(4, return_sequences=True, reset_after=True, name="gru"), 3, 4, 25, 2),
    ("gru_reset_before", lambda: keras.layers.GRU(4, return_sequences=True, reset_after=False, name="gru"), 3, 4, 25, 2),
    ("simple_rnn_relu", lambda: keras.layers.SimpleRNN(5, activation="relu", return_sequences=True, name="relu_rnn"),
     3, 5, 20, 2),
]
ARCHIVES = ("lstm", "simple_rnn_relu")
FLOAT32_INSIDE = ("simple_rnn", "gru_reset_before", "simple_rnn_relu")


def float64_reference(name, layer, x, keras_outputs):
    """Keras's equations for SimpleRNN (h = tanh(x W + h U + b)) and the GRU with reset_after=False
    (z, r = σ(x W + h U + b) in Keras's gate order z, r, h; h̃ = tanh(x W_h + b_h + (r ⊙ h) U_h);
    h = z ⊙ h + (1 − z) ⊙ h̃), in torch float64, with autograd for dL/dx of L = ½||h_T||²."""
    W = torch.tensor(np.asarray(layer.cell.kernel.numpy()), dtype=torch.float64)
    U = torch.tensor(np.asarray(layer.cell.recurrent_kernel.numpy()), dtype=torch.float64)
    b = torch.tensor(np.asarray(layer.cell.bias.numpy()), dtype=torch.float64)
    x = x.clone().requires_grad_(True)
    B, T, _ = x.shape
    H = U.shape[0]
    h = torch.zeros(B, H, dtype=torch.float64)
    outs = []
    for t in range(T):
        if name == "simple_rnn":
            h = torch.tanh(x[:, t] @ W + h @ U + b)
        elif name == "simple_rnn_relu":
            h = torch.relu(x[:, t] @ W + h @ U + b)
        else:
            xz = x[:, t] @ W + b
            hz = h @ U[:, :2 * H]
            z = torch.sigmoid(xz[:, :H] + hz[:, :H])
            r = torch.sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H])
            hh = torch.tanh(xz[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
            h = z * h + (1 - z) * hh
        outs.append(h)
    out = torch.stack(outs, 1)
    assert float(np.max(np.abs(out.detach().numpy().reshape(-1) - keras_outputs))) < 1e-6
    loss = 0.5 * (out[:, -1] ** 2).sum()
    loss.backward()
    g = x.grad.numpy()
    norms = []
    for t in range(T):
        v = g[:, t, :].reshape(-1)
        m = float(np.max(np.abs(v)))
        norms.append(math.log10(m) + 0.5 * math.log10(float(np.sum((v / m) ** 2))))
    return {"float64_outputs": [float(v) for v in out.detach().numpy().reshape(-1)],
            "float64_input_grad_log10": norms, "float64_loss_value": float(loss.detach())}


def main(out_dir, only=()):
    index = []
    for n, (name, make, I, H, T, B) in enumerate(CASES):
        index.append(name)
        if only and name not in only:
            continue
        keras.utils.set_random_seed(100 + n)
        model = keras.Sequential([keras.Input((T, I)), make()])
        layer = model.layers[0]
        bias = layer.cell.bias
        rng = np.random.default_rng(200 + n)
        bias.assign(rng.uniform(-0.5, 0.5, tuple(bias.shape)))
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        model.save_weights(os.path.join(d, "model.weights.h5"))
        if name in ARCHIVES:
            model.save(os.path.join(d, "model.keras"))  # the whole-model archive, holding the same weights
        x = torch.tensor(rng.uniform(-1, 1, (B, T, I)), dtype=torch.float64, requires_grad=True)
        save_file({"input": x.detach().clone()}, os.path.join(d, "inputs.safetensors"))
        out = model(x)
        loss = 0.5 * (out[:, -1] ** 2).sum()
        loss.backward()
        g = x.grad.detach().numpy()
        norms = []
        for t in range(T):
            v = g[:, t, :].reshape(-1)
            m = float(np.max(np.abs(v)))
            norms.append(None if m == 0 else math.log10(m) + 0.5 * math.log10(float(np.sum((v / m) ** 2))))
        extra = {}
        if name in FLOAT32_INSIDE:
            extra = float64_reference(name, layer, x.detach(), out.detach().numpy().reshape(-1))
        ref = {"name": name, "layer": layer.name, "input_size": I, "hidden_size": H, "steps": T, "batch": B,
               "loss_value": float(loss.detach()), "outputs": [float(v) for v in out.detach().numpy().reshape(-1)],
               "input_grad_log10": norms, **extra}
        with open(os.path.join(d, "reference.json"), "w") as f:
            json.dump(ref, f, separators=(",", ":"))
            f.write("\n")
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump({"generator": "scripts/reference/keras_reference.py", "keras_version": keras.__version__,
                   "torch_version": torch.__version__, "cases": index}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], tuple(sys.argv[2:]))
