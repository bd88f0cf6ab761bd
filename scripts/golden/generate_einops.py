#!/usr/bin/python3
# Generates test/golden/einops.json: einops' rearrange / reduce / repeat and its torch layers Rearrange /
# Reduce run on real tensors (torch 1.13), recording each result shape or EinopsError message.
# test/core/einops.test.ts replays them through the engine's rules (server/src/core/ops/einops.ts).
# Debian 12 does not package einops: put a checkout of its sources on PYTHONPATH
# (e.g. `PYTHONPATH=/path/to/einops-src /usr/bin/python3 scripts/golden/generate_einops.py`).

import json
import os
import sys

import torch
import einops
from einops.layers.torch import Rearrange, Reduce

# (op, input shape, pattern, reduction or None, axis lengths)
CASES = [
    ("rearrange", [2, 196, 8], "b (h w) c -> b c h w", None, {"h": 14}),
    ("rearrange", [2, 3, 32, 32], "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", None, {"p1": 4, "p2": 4}),
    ("rearrange", [2, 65, 32], "b n (h d) -> b h n d", None, {"h": 4}),
    ("rearrange", [2, 4, 65, 8], "b h n d -> b n (h d)", None, {}),
    ("rearrange", [2, 3, 4, 5], "b c h w -> b (h w) c", None, {}),
    ("rearrange", [2, 3, 4, 5], "b c h w -> b h w c", None, {}),
    ("rearrange", [2, 3, 4, 5], "... h w -> ... (h w)", None, {}),
    ("rearrange", [2, 3, 4, 5], "b ... -> b (...)", None, {}),
    ("rearrange", [2, 3, 4, 5], "... -> (...)", None, {}),
    ("rearrange", [5], "... -> ... 1", None, {}),
    ("rearrange", [2, 3], "b c -> b c () ()", None, {}),
    ("rearrange", [2, 3, 1, 1], "b c 1 1 -> b c", None, {}),
    ("rearrange", [2, 3, 1, 1], "b c () () -> (b c)", None, {}),
    ("rearrange", [2, 6], "b (c 1) -> c b", None, {}),
    ("rearrange", [4, 6, 8], "(b1 b2) h w -> b1 b2 h w", None, {"b1": 2}),
    ("rearrange", [2, 10, 64], "b n (qkv h d) -> qkv b h n d", None, {"qkv": 3, "h": 4}),
    ("rearrange", [2, 12, 64], "b n (qkv h d) -> qkv b h n d", None, {"qkv": 3, "h": 4}),
    ("rearrange", [2, 196, 8], "b (h w) c -> b c h w", None, {"h": 5}),
    ("rearrange", [2, 196, 8], "b (h w) c -> b c h w", None, {"h": 14, "w": 15}),
    ("rearrange", [2, 196, 8], "b (h w) c -> b c h w", None, {"h": 14, "w": 14}),
    ("rearrange", [2, 196, 8], "b (h w) c -> b c h w", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b c", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b c n k", None, {}),
    ("rearrange", [2, 196, 8], "b n -> b n", None, {}),
    ("rearrange", [2, 196], "b n c -> b n c", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b n c", None, {"x": 3}),
    ("rearrange", [2, 196, 8], "b n c -> b (n 2) c", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b n c ...", None, {}),
    ("rearrange", [2, 196, 8], "b (n ...) -> b n", None, {}),
    ("rearrange", [2, 196, 8], "b n n -> b n", None, {}),
    ("rearrange", [2, 196, 8], "b ((n) c) -> b n", None, {}),
    ("rearrange", [2, 196, 8], "b n c) -> b n c", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b n c.", None, {}),
    ("rearrange", [2, 196, 8], "b n c -> b n c -> b", None, {}),
    ("rearrange", [2, 196, 8], "b n c > b n c", None, {}),
    ("rearrange", [2, 196, 8], "b n _c -> b n _c", None, {}),
    ("rearrange", [2, 196, 8], "b n c! -> b n c", None, {}),
    ("rearrange", [2, 3, 4], "b ... c -> (b c) ...", None, {}),
    ("rearrange", [2, 3, 4, 5, 6], "b t c h w -> (b t) c h w", None, {}),
    ("rearrange", [6, 3, 4, 5], "(b t) c h w -> b c t h w", None, {"t": 3}),
    ("rearrange", [6, 3, 4, 5], "(b t) c h w -> b c t h w", None, {"t": 4}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c", "mean", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c 1 1", "max", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c () ()", "sum", {}),
    ("reduce", [2, 3, 4, 6], "b c (h h2) (w w2) -> b c h w", "max", {"h2": 2, "w2": 2}),
    ("reduce", [2, 3, 4, 6], "b c (h 2) (w 2) -> b c h w", "max", {}),
    ("reduce", [2, 3, 5, 6], "b c (h 2) (w 2) -> b c h w", "max", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> 1 c 1 1", "mean", {}),
    ("reduce", [2, 3, 4, 5], "b ... -> b", "mean", {}),
    ("reduce", [2, 3, 4, 5], "b c ... -> b c", "min", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c x", "mean", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c 2", "mean", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> b c", "median", {}),
    ("reduce", [2, 3, 4, 5], "t b c h -> b c h", "prod", {}),
    ("reduce", [2, 3, 4, 5], "b c h w -> c", "any", {}),
    ("reduce", [2, 10, 64], "b (n m) d -> b n d", "mean", {"n": 5}),
    ("repeat", [1, 1, 32], "1 1 d -> b 1 d", None, {"b": 2}),
    ("repeat", [1, 1, 32], "() n d -> b n d", None, {"b": 3}),
    ("repeat", [4, 5], "h w -> h w c", None, {"c": 3}),
    ("repeat", [4, 5], "h w -> h w 3", None, {}),
    ("repeat", [4, 5], "h w -> (h 2) (w 3)", None, {}),
    ("repeat", [4, 5], "h w -> (r h) w", None, {"r": 2}),
    ("repeat", [4, 5], "h w -> h w c", None, {}),
    ("repeat", [4, 5], "h w -> h", None, {}),
    ("repeat", [4, 5], "h w -> b h w", None, {"b": 2, "h": 4}),
    ("repeat", [4, 5], "h w -> b h w", None, {"b": 2, "h": 3}),
    ("repeat", [32], "d -> b n d", None, {"b": 2, "n": 7}),
    ("repeat", [2, 3], "b ... -> b k ...", None, {"k": 4}),
    ("repeat", [3, 8], "n d -> b n d", None, {"b": 2}),
]

# einops.einsum: the input is a list of shapes.
EINSUM_CASES = [
    ("einsum", [[2, 5, 8], [2, 7, 8]], "batch i dim, batch j dim -> batch i j", None, {}),
    ("einsum", [[2, 4, 5, 8], [2, 4, 7, 8]], "b h i d, b h j d -> b h i j", None, {}),
    ("einsum", [[3, 4], [5, 6, 4]], "out_dim in_dim, ... in_dim -> ... out_dim", None, {}),
    ("einsum", [[4, 4]], "i i -> i", None, {}),
    ("einsum", [[2, 3], [3, 5]], "i j, j k -> i k m", None, {}),
    ("einsum", [[2, 3], [4, 5]], "i j, j k -> i k", None, {}),
]

LAYER_CASES = [
    ("Rearrange", [2, 3, 32, 32], "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", None, {"p1": 8, "p2": 8}),
    ("Rearrange", [2, 3, 30, 32], "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", None, {"p1": 8, "p2": 8}),
    ("Rearrange", [2, 3, 4, 5], "b c h w -> b (c h w)", None, {}),
    ("Rearrange", [2, 3, 4], "b c h w -> b (c h w)", None, {}),
    ("Rearrange", [2, 3, 4, 5], "... h w -> ... (h w)", None, {}),
    ("Rearrange", [2, 3, 4, 5], "b n c -> b c", None, {}),
    ("Rearrange", [2, 64, 16], "b (h w) c -> b c h w", None, {"h": 8}),
    ("Reduce", [2, 3, 4, 5], "b c h w -> b c", "mean", {}),
    ("Reduce", [2, 3, 4, 6], "b c (h 2) (w 2) -> b c h w", "max", {}),
    ("Reduce", [2, 3, 4, 5], "b c h w -> b c", "median", {}),
    ("Reduce", [2, 64, 16], "b n d -> b d", "mean", {}),
]


def record(op, shape, pattern, reduction, lengths):
    row = {"op": op, "input": shape, "pattern": pattern, "reduction": reduction, "lengths": lengths}
    x = None if op == "einsum" else torch.randn(*shape)
    try:
        if op == "einsum":
            y = einops.einsum(*[torch.randn(*s) for s in shape], pattern)
        elif op == "rearrange":
            y = einops.rearrange(x, pattern, **lengths)
        elif op == "repeat":
            y = einops.repeat(x, pattern, **lengths)
        elif op == "reduce":
            y = einops.reduce(x, pattern, reduction, **lengths)
        elif op == "Rearrange":
            y = Rearrange(pattern, **lengths)(x)
        else:
            y = Reduce(pattern, reduction, **lengths)(x)
        row["output"] = list(y.shape)
    except Exception as e:  # EinopsError, ValueError (a pattern without one "->"), KeyError (layer rank)
        row["error"] = type(e).__name__ + ": " + " ".join(str(e).split())
    return row


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    name = "einops.json" if major_minor == "1.13" else f"einops-{major_minor}.json"
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test", "golden", name)
    rows = [record(*c) for c in CASES + EINSUM_CASES + LAYER_CASES]
    with open(out, "w") as f:
        f.write('{"torch": %s, "einops": %s, "cases": [\n' % (json.dumps(torch.__version__), json.dumps(einops.__version__)))
        f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in rows))
        f.write("\n]}\n")
    print(f"{len(rows)} cases written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
