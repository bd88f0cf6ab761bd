#!/usr/bin/python3
"""Records torch.linspace values from PyTorch 1.13 (Debian's python3-torch) or 2.13 for the bounds test.

Regenerate: /usr/bin/python3 scripts/golden/generate_linspace.py  → test/golden/linspace.json
            /work/.venv-torch2/bin/python scripts/golden/generate_linspace.py  → test/golden/linspace-2.13.json
The engine claims every element of an inexact linspace lies within bounds (ops/values/createRules.ts);
test/core/linspace-bounds.test.ts checks that on these cases.
"""
import json
import os
import random

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
random.seed(1913)
cases = []
for _ in range(600):
    s = random.choice([0.0, random.uniform(-2, 2), random.uniform(-100, 100)])
    e = random.uniform(-3, 3) if random.random() < 0.8 else random.uniform(-1000, 1000)
    n = random.choice([random.randint(2, 40), random.randint(40, 300)])
    dt = random.choice(["float32", "float64"])
    t = torch.linspace(s, e, n, dtype=getattr(torch, dt))
    cases.append({"start": s, "end": e, "steps": n, "dtype": dt, "values": t.tolist()})
MAJOR_MINOR = ".".join(torch.__version__.split("+")[0].split(".")[:2])
NAME = "linspace.json" if MAJOR_MINOR == "1.13" else f"linspace-{MAJOR_MINOR}.json"
with open(os.path.join(ROOT, "test", "golden", NAME), "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
