#!/usr/bin/env python3
"""Reference trajectories of torch.optim.SGD, RMSprop and Adam for GradPath's optimiser tests.

Usage (from the repository root; needs torch and numpy):

    python3 scripts/reference/optimizer_reference.py > Tests/TrainingTests/Fixtures/optimizer_reference.json

A parameter vector of 7 values (float64) receives 25 steps; the gradient at step k is the fixed
vector g_k drawn here (so the test exercises the update rules, not a model). Each configuration
records the parameters after every step.
"""
import json
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(7)
theta0 = rng.normal(size=7)
grads = rng.normal(size=(25, 7)) * np.array([1e-3, 1e-1, 1, 10, 100, 1, 0.5])

CONFIGS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("rmsprop", {}),
    ("rmsprop", {"lr": 0.003, "alpha": 0.9, "eps": 1e-6}),
    ("adam", {}),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}),
]

out = []
for name, kw in CONFIGS:
    p = torch.tensor(theta0.copy(), requires_grad=True)
    cls = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam}[name]
    opt = cls([p], foreach=False, **kw)
    traj = []
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
        traj.append([float(v) for v in p.detach()])
    out.append({"optimizer": name, "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                "trajectory": traj})
json.dump({"generator": "scripts/reference/optimizer_reference.py", "torch_version": torch.__version__,
           "theta0": [float(v) for v in theta0], "gradients": [[float(v) for v in g] for g in grads],
           "configs": out}, sys.stdout, indent=None, separators=(",", ":"))
sys.stdout.write("\n")
