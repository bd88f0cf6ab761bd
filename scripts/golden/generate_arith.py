# Golden data for the layer-arithmetic pictures and the padding solver (test/golden/arith.json),
# recorded from real PyTorch: which input cells each output position reads (conv, transposed conv,
# pooling with and without ceil_mode), and which paddings give TensorFlow's ceil(w/s) output.
# Run with Debian's torch: /usr/bin/python3 scripts/golden/generate_arith.py
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_grad_enabled(False)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "golden")
version = torch.__version__.split("+")[0]
name = "arith.json" if version.startswith("1.13") else f"arith-{'.'.join(version.split('.')[:2])}.json"


def length(fn):
    try:
        return fn().shape[-1]
    except RuntimeError:
        return None


def reads_of(y, w):
    """y: (w, 1, o) response to one-hot inputs; per output position, the input indices it reads.
    A max-pool window that covers no input cell (only padding, dilation gaps) gives -inf: it reads nothing."""
    return [[i for i in range(w) if y[i, 0, o].item() != 0 and math.isfinite(y[i, 0, o].item())] for o in range(y.shape[-1])]


def one_hot(w):
    return torch.eye(w).reshape(w, 1, w)


reads = []
for w in range(1, 9):
    for k in range(1, 5):
        for s in range(1, 4):
            for d in range(1, 3):
                for p in range(0, 3):
                    x = one_hot(w)
                    try:
                        y = F.conv1d(x, torch.ones(1, 1, k), stride=s, padding=p, dilation=d)
                        reads.append({"op": "conv", "w": w, "k": k, "s": s, "p": p, "d": d, "reads": reads_of(y, w)})
                    except RuntimeError:
                        pass
                    for op in range(max(s, d)):
                        try:
                            y = F.conv_transpose1d(x, torch.ones(1, 1, k), stride=s, padding=p, output_padding=op, dilation=d)
                        except RuntimeError:
                            continue
                        if y.shape[-1] > 0:
                            reads.append(
                                {"op": "convTranspose", "w": w, "k": k, "s": s, "p": p, "d": d, "outputPadding": op, "reads": reads_of(y, w)}
                            )
                    for ceil in (False, True):
                        try:
                            y = F.max_pool1d(x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
                            reads.append(
                                {"op": "maxPool", "w": w, "k": k, "s": s, "p": p, "d": d, "ceilMode": ceil, "reads": reads_of(y, w)}
                            )
                        except RuntimeError:
                            pass
                        if d == 1:
                            try:
                                y = F.avg_pool1d(x, k, stride=s, padding=p, ceil_mode=ceil)
                                reads.append(
                                    {"op": "avgPool", "w": w, "k": k, "s": s, "p": p, "d": 1, "ceilMode": ceil, "reads": reads_of(y, w)}
                                )
                            except RuntimeError:
                                pass

solver = []
for w in range(1, 41):
    for k in range(1, 8):
        for s in range(1, 5):
            for d in range(1, 3):
                target = math.ceil(w / s)
                x = torch.zeros(1, 1, w)
                wt = torch.zeros(1, 1, k)
                span = d * (k - 1) + s + 1
                sym = [p for p in range(span) if length(lambda: F.conv1d(x, wt, stride=s, padding=p, dilation=d)) == target]
                tot = [
                    t
                    for t in range(2 * span)
                    if length(lambda: F.conv1d(F.pad(x, (t // 2, t - t // 2)), wt, stride=s, dilation=d)) == target
                ]
                pool = [
                    p for p in range(span) if length(lambda: F.max_pool1d(x, k, stride=s, padding=p, dilation=d)) == target
                ]
                solver.append({"w": w, "k": k, "s": s, "d": d, "target": target, "symmetric": sym, "total": tot, "pool": pool})

transposed = []
for w in range(1, 13):
    for k in range(1, 6):
        for s in range(1, 5):
            for d in range(1, 3):
                for p in range(0, k * d):
                    x = torch.zeros(1, 1, w)
                    wt = torch.zeros(1, 1, k)
                    ops = [
                        op
                        for op in range(max(s, d))
                        if length(lambda: F.conv_transpose1d(x, wt, stride=s, padding=p, output_padding=op, dilation=d)) == s * w
                    ]
                    transposed.append({"w": w, "k": k, "s": s, "d": d, "p": p, "outputPadding": ops})

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, name), "w") as f:
    json.dump({"torch": torch.__version__, "reads": reads, "solver": solver, "transposed": transposed}, f, separators=(",", ":"))
    f.write("\n")
print(f"{name}: {len(reads)} read maps, {len(solver)} solver cases, {len(transposed)} transposed cases")
