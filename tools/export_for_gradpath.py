#!/usr/bin/env python3
"""Export what `gradpath analyze` needs to measure the gradient of *your* loss on *your* batch.

Three lines in your training script (or a notebook), after building the model and a batch:

    import sys; sys.path.insert(0, "PATH/TO/gradpath/tools")
    from export_for_gradpath import export
    export(model, "rnn", lambda: criterion(model(x), y), out="gradpath-export")

`export(model, module_name, run_loss, out)`:
- hooks the recurrent module `module_name` (an nn.RNN, nn.LSTM or nn.GRU inside `model`, named as
  in `model.named_modules()`), calls `run_loss()` once (it must run the model forward and return
  the scalar loss), and backpropagates it with autograd;
- writes into `out`:
  - `weights.safetensors`: the whole `model.state_dict()` in its own dtypes (GradPath finds the
    module by its key prefix and ignores the other tensors);
  - `inputs.safetensors`: `input`, the tensor the module received, widened to float64 (and `h0`,
    `c0` when the module was given an initial state);
  - `grad_output.safetensors`: `grad_output` = dL/d(output) of the module's output sequence, as
    autograd computed it for your loss, and `grad_h_n` / `grad_c_n` when the loss also reads
    the final state;
- prints the `gradpath analyze` command line that reads them (with `--batch-first` for a
  `batch_first=True` module, `--cell rnn-tanh|rnn-relu` for an nn.RNN, `--module NAME`).

The module's parameters' `.grad` fields are restored afterwards; nothing else of the model changes.
Needs torch and safetensors (`pip install safetensors`).
"""
import os
import shlex

import torch
from safetensors.torch import save_file


def _dense(t):
    # safetensors refuses shared or non-contiguous storage: give every tensor its own copy.
    return t.detach().clone().contiguous()


def export(model, module_name, run_loss, out="gradpath-export"):
    modules = dict(model.named_modules())
    if module_name not in modules:
        names = [n for n, m in modules.items() if isinstance(m, (torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU))]
        raise ValueError(f"no module named {module_name!r} in the model; its recurrent modules: {names}")
    module = modules[module_name]
    if not isinstance(module, (torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU)):
        raise ValueError(f"module {module_name!r} is a {type(module).__name__}, not an nn.RNN, nn.LSTM or nn.GRU")
    seen = {}

    def hook(mod, args, kwargs, output):
        x = args[0] if args else kwargs["input"]
        if isinstance(x, torch.nn.utils.rnn.PackedSequence):
            raise ValueError("packed sequences are not supported: pad the batch (equal lengths) for the export")
        seen["input"] = x
        seen["hx"] = args[1] if len(args) > 1 else kwargs.get("hx")
        out_seq, state = output
        out_seq.retain_grad()
        seen["output"] = out_seq
        states = state if isinstance(state, tuple) else (state,)
        for s in states:
            if s.requires_grad:
                s.retain_grad()
        seen["state"] = states

    saved_grads = {n: (p.grad.clone() if p.grad is not None else None) for n, p in model.named_parameters()}
    handle = module.register_forward_hook(hook, with_kwargs=True)
    try:
        loss = run_loss()
        if "output" not in seen:
            raise ValueError(f"run_loss() never called module {module_name!r}")
        if seen["output"].requires_grad:
            loss.backward()
    finally:
        handle.remove()
        for n, p in model.named_parameters():
            p.grad = saved_grads[n]
    os.makedirs(out, exist_ok=True)
    weights = os.path.join(out, "weights.safetensors")
    inputs = os.path.join(out, "inputs.safetensors")
    grads = os.path.join(out, "grad_output.safetensors")
    save_file({k: _dense(v) for k, v in model.state_dict().items()}, weights)
    x = seen["input"]
    batched = x.dim() == 3
    if not batched:
        raise ValueError("an unbatched (2-D) input: give the module a batch (3-D input)")
    tensors = {"input": _dense(x).double()}
    hx = seen["hx"]
    if hx is not None:
        if isinstance(hx, tuple):
            tensors["h0"], tensors["c0"] = _dense(hx[0]).double(), _dense(hx[1]).double()
        else:
            tensors["h0"] = _dense(hx).double()
    save_file(tensors, inputs)
    g = seen["output"].grad
    gtensors = {"grad_output": (torch.zeros_like(seen["output"]) if g is None else _dense(g)).double()}
    names = ["grad_h_n", "grad_c_n"]
    for name, s in zip(names, seen["state"]):
        if s.grad is not None:
            gtensors[name] = _dense(s.grad).double()
    save_file(gtensors, grads)
    command = ["gradpath", "analyze", "--weights", weights, "--module", module_name, "--inputs", inputs,
               "--grad-output", grads]
    if isinstance(module, torch.nn.RNN):
        command += ["--cell", "rnn-" + module.nonlinearity]
    if module.batch_first:
        command += ["--batch-first"]
    command += ["--out", os.path.join(out, "analysis")]
    line = " ".join(shlex.quote(c) for c in command)
    print(f"loss {float(loss.detach()):.6g}; wrote {weights}, {inputs}, {grads}\nanalyse with:\n  {line}")
    return line
