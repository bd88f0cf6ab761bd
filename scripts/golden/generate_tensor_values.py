#!/usr/bin/python3
# Generates test/golden/tensor-values.json: element values of small tensors computed by real
# PyTorch (1.13, CPU). test/core/tensor-values.test.ts evaluates the same snippets statically and
# checks every value the engine claims; the random float32 cases check the error bounds of
# log/exp/pow/div against torch bit for bit.
#
# Usage: /usr/bin/python3 scripts/golden/generate_tensor_values.py [out.json]

import json
import math
import random
import struct
import sys

import torch

REGNETS = [
    # (depth, w_0, w_a, w_m) of torchvision's regnet_y_* and regnet_x_* factories
    (16, 48, 27.89, 2.09), (14, 56, 38.84, 2.4), (27, 48, 20.71, 2.65), (21, 80, 42.63, 2.66),
    (17, 192, 76.82, 2.19), (18, 200, 106.23, 2.48), (20, 232, 115.89, 2.53), (27, 456, 160.83, 2.52),
    (22, 24, 24.48, 2.54), (16, 56, 35.73, 2.28), (18, 80, 34.01, 2.25), (25, 88, 26.31, 2.25),
    (23, 80, 49.56, 2.88), (22, 216, 55.59, 2.1), (23, 320, 69.86, 2.0),
]

SNIPPETS = [
    "r = torch.arange(5).tolist()",
    "r = torch.arange(2, 11, 3).tolist()",
    "r = torch.arange(0, 1, 0.25).tolist()",
    "r = torch.arange(0.5, 3).tolist()",
    "r = torch.arange(5, dtype=torch.float64).tolist()",
    "r = torch.arange(0, 1, 0.1).tolist()",
    "r = torch.linspace(0, 1, 5).tolist()",
    "r = torch.linspace(-2, 2, 9).tolist()",
    "r = torch.linspace(0, 1, 7).tolist()",
    "r = torch.zeros(2, 3).tolist()",
    "r = torch.ones(3, dtype=torch.int64).tolist()",
    "r = torch.full((2,), 1.1).tolist()",
    "r = torch.full((2, 2), 7).tolist()",
    "r = torch.tensor([1, 2, 3]).tolist()",
    "r = torch.tensor([1, 2.5]).tolist()",
    "r = torch.tensor([True, 2]).tolist()",
    "r = torch.tensor([[1, 2], [3, 4]]).tolist()",
    "r = torch.tensor([0.1, 0.2, 0.3]).tolist()",
    "r = torch.tensor([1.7, -1.7], dtype=torch.int64).tolist()",
    "r = (torch.arange(4) * 0.1).tolist()",
    "r = (torch.arange(4) * 27.89 + 48).tolist()",
    "r = (torch.arange(4) + 1).tolist()",
    "r = (torch.arange(4) - 1.5).tolist()",
    "r = (2 - torch.arange(4)).tolist()",
    "r = (torch.arange(4) / 3).tolist()",
    "r = (1 / torch.arange(1, 5)).tolist()",
    "r = (torch.arange(-4, 5) // 3).tolist()",
    "r = (torch.arange(-4, 5) % 3).tolist()",
    "r = (torch.arange(-4, 5) % -3).tolist()",
    "r = (7 // torch.arange(1, 5)).tolist()",
    "r = (torch.arange(5) ** 2).tolist()",
    "r = (2 ** torch.arange(5)).tolist()",
    "r = (2.0 ** torch.arange(5)).tolist()",
    "r = (torch.arange(5) ** 0.5).tolist()",
    "r = torch.pow(2.09, torch.arange(4.0)).tolist()",
    "r = torch.pow(torch.tensor([1.5, 2.5]), 2).tolist()",
    "r = torch.sqrt(torch.arange(6)).tolist()",
    "r = torch.log(torch.tensor([1.0, 2.0, 0.0])).tolist()",
    "r = torch.exp(torch.tensor([0.0, 1.0])).tolist()",
    "r = torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999])).tolist()",
    "r = torch.floor(torch.tensor([-1.5, 1.5])).tolist()",
    "r = torch.ceil(torch.tensor([-1.5, 1.5])).tolist()",
    "r = torch.tensor([-1.7, 2.9]).int().tolist()",
    "r = torch.tensor([-1.7, 2.9]).long().tolist()",
    "r = torch.tensor([0.1]).double().tolist()",
    "r = torch.arange(3).float().tolist()",
    "r = torch.arange(3).to(torch.float64).tolist()",
    "r = torch.tensor([0.0, 2.0]).bool().tolist()",
    "r = (torch.arange(3).int() * 2).tolist()",
    "r = (torch.arange(3).int() * 2.5).tolist()",
    "r = (torch.tensor(3) * torch.tensor([1, 2], dtype=torch.int32)).tolist()",
    "r = (torch.tensor(0.1, dtype=torch.float64) * torch.tensor([1, 2])).tolist()",
    "r = (torch.tensor([0.1, 0.2]) + torch.tensor([0.2, 0.3], dtype=torch.float64)).tolist()",
    "r = (torch.arange(4) > 1).tolist()",
    "r = (torch.arange(4) == torch.tensor([0, 0, 2, 2])).tolist()",
    "r = (-torch.arange(3)).tolist()",
    "r = (-torch.tensor([0.0, 1.0])).tolist()",
    "r = torch.diff(torch.tensor([0, 1, 4, 9])).tolist()",
    "r = torch.diff(torch.tensor([0, 1, 4, 9]), n=2).tolist()",
    "r = torch.diff(torch.tensor([[1, 2, 4], [3, 3, 9]]), dim=0).tolist()",
    "r = torch.diff(torch.tensor([True, False, False])).tolist()",
    "r = torch.diff(torch.tensor([0.1, 0.3, 0.7])).tolist()",
    "r = torch.arange(10)[2:8:2].tolist()",
    "r = torch.arange(10)[-3:].tolist()",
    "r = torch.arange(10)[3].item()",
    "r = torch.arange(12).reshape(3, 4)[1].tolist()",
    "r = torch.arange(12).reshape(3, 4)[:, 1].tolist()",
    "r = torch.arange(12).reshape(3, 4)[1:, ::2].tolist()",
    "r = torch.arange(12).view(3, 4)[None, 2, ...].tolist()",
    "r = torch.arange(5).sum().item()",
    "r = torch.tensor([True, True, False]).sum().item()",
    "r = torch.tensor([0.5, 0.25]).sum().item()",
    "r = torch.tensor([0.1, 0.2, 0.3]).sum().item()",
    "r = torch.tensor([3, 1, 2]).max().item()",
    "r = torch.tensor([3.5, 1, 2]).min().item()",
    "r = torch.arange(1, 6).prod().item()",
    "r = torch.cumsum(torch.arange(5), 0).tolist()",
    "r = torch.cumsum(torch.tensor([0.1, 0.2, 0.3]), 0).tolist()",
    "r = torch.cumsum(torch.arange(6).reshape(2, 3), dim=1).tolist()",
    "r = int(torch.tensor([2.7]))",
    "r = float(torch.tensor(3))",
    "r = int(torch.tensor(-2.5))",
    "r = [int(v) for v in torch.arange(3)]",
    "r = [row.tolist() for row in torch.arange(6).reshape(3, 2)]",
    "r = len(torch.arange(7))",
    "r = torch.tensor([1, 2]).float().tolist()",
    "r = torch.arange(6).reshape(2, 3).flatten().tolist()",
    "r = torch.arange(3).unsqueeze(0).tolist()",
    "r = torch.divide(torch.arange(5), 2).tolist()",
    "r = torch.div(torch.arange(-3, 4), 2, rounding_mode='floor').tolist()",
    "r = torch.true_divide(torch.arange(3), 4).tolist()",
    "r = torch.add(torch.arange(3), torch.arange(3), alpha=2).tolist()",
    "r = torch.round(torch.tensor([1.25, 2.5]), decimals=1).tolist()",
    "r = torch.zeros(3).abs().tolist()",
    # In-place changes: the engine must not report stale values.
    "a = torch.arange(3)\nb = a[1:]\na.add_(1)\nr = b.tolist()",
    "a = torch.arange(3)\nb = a\nb += 1\nr = a.tolist()",
    "a = torch.zeros(3)\na[1] = 5\nr = a.tolist()",
    "a = torch.zeros(3)\ntorch.nn.init.constant_(a, 2.0)\nr = a.tolist()",
    "a = torch.arange(4.0)\nb = a.view(2, 2)\nb.mul_(2)\nr = a.tolist()",
    "a = torch.arange(3)\nc = a.clone()\na.zero_()\nr = c.tolist()",
]

for depth, w_0, w_a, w_m in REGNETS:
    SNIPPETS.append(
        f"widths_cont = torch.arange({depth}) * {w_a} + {w_0}\n"
        f"block_capacity = torch.round(torch.log(widths_cont / {w_0}) / math.log({w_m}))\n"
        f"r = (torch.round(torch.divide({w_0} * torch.pow({w_m}, block_capacity), 8)) * 8).int().tolist()"
    )
    SNIPPETS.append(f"r = (torch.log((torch.arange({depth}) * {w_a} + {w_0}) / {w_0}) / math.log({w_m})).tolist()")


def enc(v):
    """Python result as JSON; non-finite floats as strings, floats marked to keep 1.0 apart from 1."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return {"float": str(v)}
        return {"float": v, "neg": math.copysign(1, v) < 0}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    raise TypeError(type(v))


def raw(v):
    """A random case's number: plain JSON, non-finite values as strings."""
    return v if math.isfinite(v) else str(v)


def run_snippet(code):
    scope = {"torch": torch, "math": math}
    try:
        exec(code, scope)
        return {"code": code, "expect": enc(scope["r"])}
    except Exception as e:  # noqa: BLE001 - recorded as an expected error
        return {"code": code, "error": str(e).split("\n")[0]}


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def random_float_cases(rng):
    """Random float32 inputs for the ops with error bounds; results recorded bit for bit."""
    out = []
    xs = [f32(rng.uniform(0.0, 4.0)) for _ in range(2000)] + [f32(rng.uniform(1.0, 1.0 + 2 ** -10)) for _ in range(500)]
    xs += [f32(math.exp(rng.uniform(-30, 30))) for _ in range(1500)]
    t = torch.tensor(xs, dtype=torch.float32)
    out.append({"op": "log", "x": xs, "r": torch.log(t).tolist()})
    es = [f32(rng.uniform(-80, 80)) for _ in range(3000)] + [f32(rng.uniform(-1, 1)) for _ in range(1000)]
    out.append({"op": "exp", "x": es, "r": torch.exp(torch.tensor(es)).tolist()})
    for base in [2.09, 2.4, 2.65, 2.66, 2.19, 2.48, 2.53, 2.52, 2.54, 2.28, 2.25, 2.88, 2.1, 2.0, 0.7]:
        ps = [float(rng.randint(0, 12)) for _ in range(100)] + [f32(rng.uniform(-10, 10)) for _ in range(200)]
        # Different lengths exercise both the vectorized kernel and its scalar tail.
        for n in (len(ps), 7):
            out.append({"op": "rpow", "base": base, "x": ps[:n], "r": torch.pow(base, torch.tensor(ps[:n])).tolist()})
    ys = [f32(rng.uniform(0.01, 10)) for _ in range(2000)]
    for e in (2, 3, 0.5, -1, 1.7, -0.3):
        out.append({"op": "pow", "exp": e, "x": ys, "r": torch.pow(torch.tensor(ys), e).tolist()})
    a = [f32(rng.uniform(-100, 100)) for _ in range(2000)]
    for s in (3, 0.1, 7.3, 27.89):
        out.append({"op": "div", "scalar": s, "x": a, "r": (torch.tensor(a) / s).tolist()})
        out.append({"op": "mul", "scalar": s, "x": a, "r": (torch.tensor(a) * s).tolist()})
    ints = [rng.randint(-1000, 1000) for _ in range(2000)]
    for s in (27.89, 0.1, 3):
        out.append({"op": "imul", "scalar": s, "x": ints, "r": (torch.tensor(ints) * s).tolist()})
    return out


def main():
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    dest = sys.argv[1] if len(sys.argv) > 1 else ("test/golden/tensor-values.json" if major_minor == "1.13" else f"test/golden/tensor-values-{major_minor}.json")
    rng = random.Random(1234)
    data = {
        "torch": torch.__version__,
        "snippets": [run_snippet(c) for c in SNIPPETS],
        "random": [{**c, "x": [raw(v) for v in c["x"]], "r": [raw(v) for v in c["r"]]} for c in random_float_cases(rng)],
    }
    with open(dest, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(f"wrote {dest}: {len(data['snippets'])} snippets, {sum(len(c['x']) for c in data['random'])} random values")


if __name__ == "__main__":
    main()
