#!/usr/bin/python3
# Generates test/golden/layers.json (under PyTorch 1.13) or layers-2.13.json (under 2.13): a few
# thousand random single-op cases run through real PyTorch, recording the output shapes, parameter
# counts or the exception each one raises. The shape engine's golden test replays every case under
# the matching version and must agree. Deterministic (fixed seeds, the same cases under every
# version), no network.
#
# Usage: /usr/bin/python3 scripts/golden/generate_layers.py [out.json]   (GOLDEN_SEED=n for another sample)
#        /work/.venv-torch2/bin/python scripts/golden/generate_layers.py   (PyTorch 2.13 in a venv)

import json
import math
import os
import random
import sys
import time
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = int(os.environ.get("GOLDEN_SEED", "1913"))  # override only to make held-out sets
MAX_ELEMS = 2_000_000
MAX_MESSAGE = 400

rng = random.Random(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)
warnings.simplefilter("ignore")


# ----------------------------------------------------------------------------------------------
# Values: a tensor input is a T (name, shape, dtype); slices and Ellipsis are used by indexing.


class T:
    def __init__(self, name, shape, dtype="float32", high=None):
        self.name = name
        self.shape = list(shape)
        self.dtype = dtype
        self.high = high  # exclusive upper bound for integer tensors

    def make(self):
        if self.dtype == "int64":
            return torch.randint(0, max(self.high or 1, 1), tuple(self.shape))
        return torch.randn(*self.shape) if self.shape else torch.randn(())


def numel(shape):
    n = 1
    for s in shape:
        n *= max(s, 0)
    return n


def enc(v):
    """JSON encoding of an argument value (see test/golden/README.md)."""
    if isinstance(v, T):
        d = {"tensor": v.shape}
        if v.dtype != "float32":
            d["dtype"] = v.dtype
        return d
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return {"float": v}
    if isinstance(v, tuple):
        return {"tuple": [enc(i) for i in v]}
    if isinstance(v, list):
        return [enc(i) for i in v]
    if isinstance(v, slice):
        return {"slice": [enc(v.start), enc(v.stop), enc(v.step)]}
    if v is Ellipsis:
        return {"ellipsis": True}
    raise TypeError(f"cannot encode {v!r}")


def src(v):
    """Python source text of an argument value."""
    if isinstance(v, T):
        return v.name
    if v is None or isinstance(v, (bool, int)):
        return repr(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return "'" + v + "'"
    if isinstance(v, tuple):
        if len(v) == 1:
            return "(" + src(v[0]) + ",)"
        return "(" + ", ".join(src(i) for i in v) + ")"
    if isinstance(v, list):
        return "[" + ", ".join(src(i) for i in v) + "]"
    if v is Ellipsis:
        return "..."
    raise TypeError(f"cannot write {v!r}")


def index_src(v):
    """Source text of one subscript item (slices written with colons)."""
    if isinstance(v, slice):
        a = "" if v.start is None else str(v.start)
        b = "" if v.stop is None else str(v.stop)
        s = a + ":" + b
        if v.step is not None:
            s += ":" + str(v.step)
        return s
    return src(v)


def call_src(args, kwargs):
    parts = [src(a) for a in args] + [f"{k}={src(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def enc_out(o):
    if isinstance(o, torch.Tensor):
        return {"tensor": list(o.shape)}
    if isinstance(o, torch.Size):
        return {"size": list(o)}
    if isinstance(o, bool):
        return o
    if isinstance(o, int):
        return o
    if isinstance(o, float):
        return {"float": o}
    if isinstance(o, tuple):
        return {"tuple": [enc_out(i) for i in o]}
    if isinstance(o, list):
        return [enc_out(i) for i in o]
    raise TypeError(f"cannot encode output {type(o)}")


def collect_tensors(vals, out):
    for v in vals:
        if isinstance(v, T):
            out[v.name] = v
        elif isinstance(v, (tuple, list)):
            collect_tensors(v, out)
    return out


def out_numel(o):
    if isinstance(o, torch.Tensor):
        return o.numel()
    if isinstance(o, (tuple, list)):
        return sum(out_numel(i) for i in o)
    return 0


# ----------------------------------------------------------------------------------------------
# Running and recording cases.

cases = []
counters = {}
skipped = {"big": 0, "slow": 0}


def record(kind, name, args, kwargs, call_args, call_kwargs, source, run):
    tensors = collect_tensors(list(args) + list(kwargs.values()) + list(call_args) + list(call_kwargs.values()), {})
    if any(numel(t.shape) > MAX_ELEMS for t in tensors.values()):
        skipped["big"] += 1
        return
    ns = {"nn": nn, "F": F, "torch": torch}
    for n, t in tensors.items():
        ns[n] = t.make()
    t0 = time.time()
    expect = {}
    try:
        with torch.no_grad():
            out, params = run(ns)
        if out_numel(out) > 4 * MAX_ELEMS:
            skipped["big"] += 1
            return
        expect["output"] = enc_out(out)
        if params is not None:
            expect["params"] = params
    except Exception as e:  # noqa: BLE001 - every exception is a golden error case
        msg = str(e)
        # PyTorch 2 appends a C++ backtrace (with addresses) to some messages: not part of the wording.
        msg = msg.split("\nException raised from ")[0]
        if len(msg) > MAX_MESSAGE:
            msg = msg[:MAX_MESSAGE] + "..."
        expect = {"error": type(e).__name__, "message": msg}
    if time.time() - t0 > 2.0:
        skipped["slow"] += 1
        return
    counters[name] = counters.get(name, 0) + 1
    case = {"id": f"{name}/{counters[name]:04d}", "kind": kind, "name": name, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()}}
    if kind == "layer":
        case["callArgs"] = [enc(a) for a in call_args]
        case["callKwargs"] = {k: enc(v) for k, v in call_kwargs.items()}
    case["source"] = source
    case["inputs"] = {n: t.shape for n, t in tensors.items()}
    dtypes = {n: t.dtype for n, t in tensors.items() if t.dtype != "float32"}
    if dtypes:
        case["dtypes"] = dtypes
    case["expect"] = expect
    cases.append(case)


def layer(name, args, kwargs, call_args, call_kwargs=None):
    call_kwargs = call_kwargs or {}
    ctor = f"nn.{name}({call_src(args, kwargs)})"
    call = call_src(call_args, call_kwargs)
    source = f"{ctor}({call})"

    def run(ns):
        m = eval(ctor, ns)
        m.eval()
        ns["__m"] = m
        out = eval(f"__m({call})", ns)
        params = sum(p.numel() for p in m.parameters(recurse=False))
        return out, params

    record("layer", name, args, kwargs, call_args, call_kwargs, source, run)


def function(name, args, kwargs=None, source=None):
    """torch.X / F.X: written as a call; Tensor.X: written as a method call on args[0]."""
    kwargs = kwargs or {}
    if source is None:
        if name.startswith("Tensor."):
            source = f"{src(args[0])}.{name[7:]}({call_src(args[1:], kwargs)})"
        else:
            source = f"{name}({call_src(args, kwargs)})"

    def run(ns):
        return eval(source, ns), None

    record("function", name, args, kwargs, [], {}, source, run)


# ----------------------------------------------------------------------------------------------
# Random helpers.


def chance(p):
    return rng.random() < p


def pick(*xs):
    return rng.choice(xs)


def ri(a, b):
    return rng.randint(a, max(a, b))


def int_or_tuple(n, lo, hi, p_tuple=0.4):
    """An int, or an n-tuple of ints (sometimes a list, which torch also accepts)."""
    if n > 1 and chance(p_tuple):
        t = tuple(ri(lo, hi) for _ in range(n))
        return list(t) if chance(0.1) else t
    return ri(lo, hi)


def as_tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def spatial(n, lo, hi):
    return [ri(lo, hi) for _ in range(n)]


def batch_prefix(unbatched_ok=True, p_unbatched=0.15):
    if unbatched_ok and chance(p_unbatched):
        return []
    return [pick(1, 1, 2, 3)]


def split_args(names_values, n_positional_max):
    """Pass the first k arguments positionally and the rest (non-default ones) as keywords."""
    k = ri(0, min(n_positional_max, len(names_values)))
    args = [v for _, v in names_values[:k]]
    kwargs = {n: v for n, v in names_values[k:]}
    return args, kwargs


SPATIAL_RANGE = {1: (1, 40), 2: (1, 20), 3: (1, 9)}


# ----------------------------------------------------------------------------------------------
# Convolutions.


def gen_conv(d, count):
    name = f"Conv{d}d"
    lo, hi = SPATIAL_RANGE[d]
    for _ in range(count):
        groups = pick(1, 1, 1, 1, 2, 3, 4)
        cin = groups * ri(1, 3) if chance(0.9) else ri(1, 8)
        cout = groups * ri(1, 4) if chance(0.9) else ri(1, 8)
        k = int_or_tuple(d, 1, 5)
        stride = int_or_tuple(d, 1, 3) if chance(0.5) else 1
        dil = int_or_tuple(d, 1, 3) if chance(0.25) else 1
        r = rng.random()
        if r < 0.12:
            pad = "same"
        elif r < 0.2:
            pad = "valid"
        elif r < 0.6:
            pad = int_or_tuple(d, 0, 3)
        else:
            pad = 0
        if pad == "same" and chance(0.6):
            stride = 1
        mode = pick("zeros", "zeros", "zeros", "zeros", "reflect", "replicate", "circular")
        bias = chance(0.8)
        named = [("in_channels", cin), ("out_channels", cout), ("kernel_size", k)]
        extra = []
        if stride != 1:
            extra.append(("stride", stride))
        if pad != 0:
            extra.append(("padding", pad))
        if dil != 1:
            extra.append(("dilation", dil))
        if groups != 1:
            extra.append(("groups", groups))
        if not bias:
            extra.append(("bias", False))
        if mode != "zeros":
            extra.append(("padding_mode", mode))
        args, kwargs = split_args(named, 3)
        if len(args) == 3 and extra and extra[0][0] == "stride" and chance(0.5):
            args.append(extra[0][1])
            extra = extra[1:]
        kwargs.update(extra)
        # Input: mostly sized to fit, sometimes too small, sometimes channel mismatch.
        kk = as_tuple(k, d)
        dd = as_tuple(dil, d)
        sp = []
        for i in range(d):
            eff = dd[i] * (kk[i] - 1) + 1
            if chance(0.1):
                sp.append(ri(1, max(1, eff)))
            else:
                sp.append(ri(max(lo, eff - 2), hi))
        c = cin if chance(0.9) else cin + pick(-1, 1, 2)
        c = max(c, 1)
        x = T("x", batch_prefix() + [c] + sp)
        layer(name, args, kwargs, [x])


def gen_lazy_conv(count):
    for _ in range(count):
        cout, k = ri(1, 8), int_or_tuple(2, 1, 4)
        kw = {} if chance(0.6) else {"stride": ri(1, 2), "padding": ri(0, 2)}
        if chance(0.2):
            kw["bias"] = False
        x = T("x", batch_prefix() + [ri(1, 4)] + spatial(2, 1, 12))
        layer("LazyConv2d", [cout, k], kw, [x])


def gen_conv_transpose(d, count):
    name = f"ConvTranspose{d}d"
    lo, hi = SPATIAL_RANGE[d]
    for _ in range(count):
        groups = pick(1, 1, 1, 2, 3)
        cin = groups * ri(1, 3) if chance(0.92) else ri(1, 7)
        cout = groups * ri(1, 3) if chance(0.92) else ri(1, 7)
        k = int_or_tuple(d, 1, 5)
        stride = int_or_tuple(d, 1, 3) if chance(0.6) else 1
        pad = int_or_tuple(d, 0, 3) if chance(0.5) else 0
        dil = int_or_tuple(d, 1, 3) if chance(0.25) else 1
        st, dl = as_tuple(stride, d), as_tuple(dil, d)
        if chance(0.35):
            # Valid output_padding: < max(stride, dilation); sometimes deliberately invalid.
            if chance(0.75):
                op = tuple(ri(0, max(st[i], dl[i]) - 1) for i in range(d))
            else:
                op = tuple(ri(0, max(st[i], dl[i]) + 1) for i in range(d))
            if d == 1 or (len(set(op)) == 1 and chance(0.5)):
                op = op[0]
        else:
            op = 0
        bias = chance(0.8)
        mode = "zeros" if chance(0.95) else pick("reflect", "circular")
        named = [("in_channels", cin), ("out_channels", cout), ("kernel_size", k)]
        extra = []
        if stride != 1:
            extra.append(("stride", stride))
        if pad != 0:
            extra.append(("padding", pad))
        if op != 0:
            extra.append(("output_padding", op))
        if groups != 1:
            extra.append(("groups", groups))
        if not bias:
            extra.append(("bias", False))
        if dil != 1:
            extra.append(("dilation", dil))
        if mode != "zeros":
            extra.append(("padding_mode", mode))
        args, kwargs = split_args(named, 3)
        kwargs.update(extra)
        sp = spatial(d, lo, max(lo, hi // 2 + 2))
        c = cin if chance(0.92) else cin + 1
        batch = batch_prefix()
        x = T("x", batch + [c] + sp)
        call_kwargs = {}
        if chance(0.3):
            kk, pp = as_tuple(k, d), as_tuple(pad, d)
            mins = [(sp[i] - 1) * st[i] - 2 * pp[i] + dl[i] * (kk[i] - 1) + 1 for i in range(d)]
            want = [m + ri(0, max(st[i], 1) - 1) if chance(0.75) else m + pick(-1, st[i], st[i] + 1) for i, m in enumerate(mins)]
            want = [max(w, 1) for w in want]
            r = rng.random()
            if r < 0.4:
                osz = want
            elif r < 0.6:
                osz = tuple(want)
            elif r < 0.9:
                osz = batch + [cout] + want
            else:
                osz = want[:-1] if d > 1 else want + [5]
            call_kwargs["output_size"] = osz
        layer(name, args, kwargs, [x], call_kwargs)


# ----------------------------------------------------------------------------------------------
# Pooling.


def pool_params(d, dilation):
    k = int_or_tuple(d, 1, 5)
    kk = as_tuple(k, d)
    r = rng.random()
    if r < 0.3:
        stride = None
    elif r < 0.4:
        stride = "omit"
    else:
        stride = int_or_tuple(d, 1, 3)
    if chance(0.55):
        # Padding up to k/2 is valid; sometimes more.
        pad = tuple(ri(0, kk[i] // 2 + (1 if chance(0.15) else 0)) for i in range(d))
        if len(set(pad)) == 1 and chance(0.6):
            pad = pad[0]
    else:
        pad = 0
    dil = int_or_tuple(d, 1, 3) if dilation and chance(0.25) else 1
    ceil = chance(0.4)
    return k, stride, pad, dil, ceil


def pool_input(d, k, stride, pad, dil, ceil):
    """Mostly random sizes; often crafted so that ceil_mode's last window would start in the padding."""
    lo, hi = SPATIAL_RANGE[d]
    kk, pp, dd = as_tuple(k, d), as_tuple(pad, d), as_tuple(dil, d)
    ss = kk if stride in (None, "omit") else as_tuple(stride, d)
    sp = []
    for i in range(d):
        eff = dd[i] * (kk[i] - 1) + 1
        if ceil and pp[i] > 0 and chance(0.5):
            # Find a size where (in + 2p - eff) % s != 0 and the ceil window starts past in + p.
            found = None
            for n in range(max(1, eff - 2 * pp[i]), hi + 1):
                span = n + 2 * pp[i] - eff
                if span < 0 or span % ss[i] == 0:
                    continue
                out_ceil = -(-span // ss[i]) + 1
                if (out_ceil - 1) * ss[i] >= n + pp[i]:
                    found = n
                    break
            sp.append(found if found is not None else ri(lo, hi))
        elif chance(0.12):
            sp.append(ri(1, max(1, eff)))
        else:
            sp.append(ri(max(lo, eff), hi))
    return sp


def gen_maxpool(d, count):
    name = f"MaxPool{d}d"
    for _ in range(count):
        k, stride, pad, dil, ceil = pool_params(d, True)
        ret = chance(0.15)
        args = [k]
        kwargs = {}
        if stride != "omit":
            if chance(0.4) and stride is not None:
                args.append(stride)
            else:
                kwargs["stride"] = stride
        if pad != 0:
            kwargs["padding"] = pad
        if dil != 1:
            kwargs["dilation"] = dil
        if ret:
            kwargs["return_indices"] = True
        if ceil:
            kwargs["ceil_mode"] = True
        if chance(0.2):
            kwargs = dict({"kernel_size": args.pop(0)}, **kwargs) if len(args) == 1 else kwargs
        sp = pool_input(d, k, stride, pad, dil, ceil)
        x = T("x", batch_prefix() + [ri(1, 4)] + sp)
        layer(name, args, kwargs, [x])


def gen_avgpool(d, count):
    name = f"AvgPool{d}d"
    for _ in range(count):
        k, stride, pad, _, ceil = pool_params(d, False)
        args = [k]
        kwargs = {}
        if stride != "omit":
            if chance(0.4) and stride is not None:
                args.append(stride)
            else:
                kwargs["stride"] = stride
        if pad != 0:
            kwargs["padding"] = pad
        if ceil:
            kwargs["ceil_mode"] = True
        if chance(0.2):
            kwargs["count_include_pad"] = False
        if d > 1 and chance(0.1):
            kwargs["divisor_override"] = ri(1, 4)
        sp = pool_input(d, k, stride, pad, 1, ceil)
        x = T("x", batch_prefix() + [ri(1, 4)] + sp)
        layer(name, args, kwargs, [x])


def adaptive_size(d):
    r = rng.random()
    if r < 0.35 or d == 1:
        return ri(1, 8) if d == 1 or chance(0.9) else None
    items = [None if chance(0.25) else ri(1, 8) for _ in range(d)]
    if chance(0.07):
        items = items[:-1] if chance(0.5) else items + [2]
    return tuple(items) if chance(0.85) else list(items)


def gen_adaptive(kind, d, count):
    name = f"Adaptive{kind}Pool{d}d"
    lo, hi = SPATIAL_RANGE[d]
    for _ in range(count):
        osz = adaptive_size(d)
        args = [osz] if chance(0.7) else []
        kwargs = {} if args else {"output_size": osz}
        if kind == "Max" and chance(0.2):
            kwargs["return_indices"] = True
        r = rng.random()
        if r < 0.08:
            shape = [ri(1, 3)] + spatial(d - 1, lo, hi) if d > 1 else [ri(1, 4)]
        else:
            shape = batch_prefix() + [ri(1, 4)] + spatial(d, lo, hi)
        layer(name, args, kwargs, [T("x", shape)])


def gen_adaptive_edges():
    """Output size 1 takes a mean() fast path in adaptive_avg_pool2d/3d that accepts low-rank inputs."""
    for kind in ("Avg", "Max"):
        for d in (1, 2, 3):
            sizes = [1, (1,) * d] + ([(1, None) + (1,) * (d - 2), (None,) * d] if d > 1 else [])
            for osz in sizes:
                for rank in range(1, d + 3):
                    shape = [ri(1, 4) for _ in range(rank)]
                    layer(f"Adaptive{kind}Pool{d}d", [osz], {}, [T("x", shape)])
    for rank in (1, 2, 3, 4):
        for osz in (1, (1, 1), (1, None), (None, 1)):
            function("F.adaptive_avg_pool2d", [T("x", [ri(1, 3) for _ in range(rank)]), osz])


# ----------------------------------------------------------------------------------------------
# Upsampling.

MODES_BY_RANK = {3: ["nearest", "linear", "nearest-exact", "area"], 4: ["nearest", "bilinear", "bicubic", "nearest-exact", "area"], 5: ["nearest", "trilinear", "nearest-exact", "area"]}
ALL_MODES = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "nearest-exact", "area"]


def upsample_params(rank):
    d = rank - 2
    mode = rng.choice(MODES_BY_RANK[rank]) if chance(0.88) else rng.choice(ALL_MODES)
    kw = {}
    r = rng.random()
    if r < 0.4:
        s = ri(1, 12) if chance(0.4) else tuple(ri(1, 12) for _ in range(d))
        if isinstance(s, tuple) and chance(0.06):
            s = s + (3,)
        if isinstance(s, tuple) and d == 1 and chance(0.5):
            s = s[0]
        kw["size"] = s
    elif r < 0.93:
        choice = rng.random()
        if choice < 0.3:
            sf = ri(1, 3)
        elif choice < 0.7:
            sf = pick(0.5, 1.5, 2.0, 0.25, 1.1, 1.7, 2.5, 0.3, 0.75, 3.3, 1.25, 0.6)
        else:
            sf = tuple(pick(1, 2, 0.5, 1.5, 2.0, 0.7, 3) for _ in range(d))
            if chance(0.06):
                sf = sf + (2,)
        kw["scale_factor"] = sf
    elif r < 0.97:
        kw["size"] = ri(2, 6)
        kw["scale_factor"] = 2
    if mode != "nearest" or chance(0.3):
        kw["mode"] = mode
    if mode in ("linear", "bilinear", "bicubic", "trilinear") and chance(0.4):
        kw["align_corners"] = chance(0.5)
    elif chance(0.04):
        kw["align_corners"] = True
    if "scale_factor" in kw and chance(0.2):
        kw["recompute_scale_factor"] = True
    return kw


def gen_upsample(count):
    for _ in range(count):
        rank = pick(3, 4, 4, 5)
        if chance(0.04):
            rank = pick(2, 6)
        kw = upsample_params(max(3, min(rank, 5)))
        shape = [ri(1, 2), ri(1, 3)] + spatial(max(rank - 2, 0), 1, {3: 20, 4: 12, 5: 6}.get(rank, 6))
        layer("Upsample", [], kw, [T("x", shape)])


def gen_interpolate(count):
    for _ in range(count):
        rank = pick(3, 4, 4, 5)
        kw = upsample_params(rank)
        if chance(0.05):
            kw["antialias"] = True
        shape = [ri(1, 2), ri(1, 3)] + spatial(rank - 2, 1, {3: 20, 4: 12, 5: 6}[rank])
        x = T("x", shape)
        if "size" in kw and chance(0.5):
            function("F.interpolate", [x, kw.pop("size")], kw)
        else:
            function("F.interpolate", [x], kw)


# ----------------------------------------------------------------------------------------------
# Linear, flatten, norms, activations, embedding, pixel shuffle.


def lead_shape(max_rank=3):
    return [ri(1, 5) for _ in range(ri(0, max_rank))]


def gen_linear(count):
    for _ in range(count):
        fin, fout = ri(1, 32), ri(1, 32)
        args, kwargs = split_args([("in_features", fin), ("out_features", fout)], 2)
        if chance(0.2):
            kwargs["bias"] = False
        f = fin if chance(0.8) else fin + pick(-1, 1, 3)
        x = T("x", lead_shape() + [max(f, 1)])
        layer("Linear", args, kwargs, [x])
    for _ in range(max(count // 6, 4)):
        fout = ri(1, 16)
        x = T("x", lead_shape() + [ri(1, 16)])
        layer("LazyLinear", [fout], {} if chance(0.7) else {"bias": False}, [x])


def gen_bilinear(count):
    for _ in range(count):
        a, b, o = ri(1, 6), ri(1, 6), ri(1, 6)
        lead = lead_shape(2) or [ri(1, 3)]
        x = T("x", lead + [a if chance(0.85) else a + 1])
        y = T("y", (lead if chance(0.9) else [ri(1, 4)]) + [b])
        layer("Bilinear", [a, b, o], {} if chance(0.8) else {"bias": False}, [x, y])


def gen_flatten(count):
    for _ in range(count):
        rank = ri(1, 5)
        shape = [ri(1, 5) for _ in range(rank)]
        kwargs = {}
        args = []
        if chance(0.6):
            sd = ri(-rank, rank - 1) if chance(0.85) else pick(-rank - 1, rank)
            if chance(0.5):
                args.append(sd)
            else:
                kwargs["start_dim"] = sd
        if chance(0.4):
            kwargs["end_dim"] = ri(-rank, rank - 1) if chance(0.85) else pick(-rank - 1, rank)
        layer("Flatten", args, kwargs, [T("x", shape)])


def factorizations(n):
    out = []
    for a in range(1, n + 1):
        if n % a == 0:
            out.append((a, n // a))
    return out


def gen_unflatten(count):
    for _ in range(count):
        rank = ri(1, 4)
        shape = [ri(1, 4) for _ in range(rank)]
        dim = ri(-rank, rank - 1)
        target = shape[dim]
        if chance(0.3):
            shape[dim] = target = rng.choice([4, 6, 8, 12, 24])
        a, b = rng.choice(factorizations(target))
        sizes = [a, b]
        r = rng.random()
        if r < 0.2:
            sizes[ri(0, 1)] = -1
        elif r < 0.35:
            sizes = [a, b + 1]
        elif r < 0.45:
            sizes = [a, 1, b]
        elif r < 0.5:
            sizes = [-1, -1]
        sizes = tuple(sizes) if chance(0.7) else list(sizes)
        if chance(0.05):
            dim = rank + 1
        layer("Unflatten", [dim, sizes], {}, [T("x", shape)])


def gen_batchnorm(d, count):
    name = f"BatchNorm{d}d"
    for _ in range(count):
        c = ri(1, 8)
        kwargs = {}
        if chance(0.2):
            kwargs["affine"] = False
        if chance(0.1):
            kwargs["track_running_stats"] = False
        if chance(0.1):
            kwargs["eps"] = 1e-3
        if d == 1:
            rank = pick(2, 3, 3)
        else:
            rank = d + 2
        if chance(0.12):
            rank = pick(rank - 1, rank + 1)
        rank = max(rank, 1)
        shape = [ri(1, 4)] + [c if chance(0.85) else c + 1] + [ri(1, 6) for _ in range(max(rank - 2, 0))]
        shape = shape[:rank]
        layer(name, [c], kwargs, [T("x", shape)])


def gen_layernorm(count):
    for _ in range(count):
        tail = [ri(1, 6) for _ in range(ri(1, 3))]
        shape = lead_shape(2) + tail
        ns = tail[-ri(1, len(tail)):]
        if chance(0.15):
            ns = list(ns)
            ns[0] += 1
        norm = ns[0] if len(ns) == 1 and chance(0.5) else (tuple(ns) if chance(0.7) else list(ns))
        kwargs = {}
        if chance(0.2):
            kwargs["elementwise_affine"] = False
        layer("LayerNorm", [norm], kwargs, [T("x", shape)])


def gen_groupnorm(count):
    for _ in range(count):
        g = ri(1, 4)
        c = g * ri(1, 3) if chance(0.85) else ri(1, 8)
        kwargs = {} if chance(0.8) else {"affine": False}
        cx = c if chance(0.85) else c + g
        shape = [ri(1, 3), cx] + [ri(1, 5) for _ in range(ri(0, 2))]
        layer("GroupNorm", [g, c], kwargs, [T("x", shape)])


def gen_instancenorm(d, count):
    name = f"InstanceNorm{d}d"
    for _ in range(count):
        c = ri(1, 6)
        kwargs = {}
        if chance(0.3):
            kwargs["affine"] = True
        if chance(0.15):
            kwargs["track_running_stats"] = True
        rank = pick(d + 1, d + 2, d + 2)
        if chance(0.1):
            rank = pick(d, d + 3)
        ch = c if chance(0.8) else c + 1
        if rank == d + 2:
            shape = [ri(1, 3), ch] + [ri(2, 6) for _ in range(d)]
        elif rank == d + 1:
            shape = [ch] + [ri(2, 6) for _ in range(d)]
        else:
            shape = [ri(1, 3) for _ in range(max(rank, 1))]
        layer(name, [c], kwargs, [T("x", shape)])


def gen_simple_layers():
    for _ in range(15):
        p = pick(0.0, 0.1, 0.5, 0.9, 1.0, 1.5, -0.1) if chance(0.8) else 0.5
        layer("Dropout", [p] if chance(0.5) else [], {} if True else {}, [T("x", lead_shape(4) or [3])])
    for _ in range(8):
        layer("ReLU", [] if chance(0.7) else [True], {}, [T("x", lead_shape(4) or [2])])
    for _ in range(8):
        layer("GELU", [], {} if chance(0.6) else {"approximate": pick("tanh", "none")}, [T("x", lead_shape(4) or [2])])
    for _ in range(25):
        shape = lead_shape(4) or [3]
        dim = ri(-len(shape) - 1, len(shape))
        if chance(0.85):
            dim = ri(-len(shape), len(shape) - 1)
        if chance(0.5):
            layer("Softmax", [dim], {}, [T("x", shape)])
        else:
            layer("Softmax", [], {"dim": dim} if chance(0.9) else {}, [T("x", shape)])
    for _ in range(6):
        layer("Identity", pick([], [54], [3, 4]), pick({}, {"unused_argument": 0.1}), [T("x", lead_shape(4) or [2])])
    for _ in range(10):
        layer("Tanh", [], {}, [T("x", lead_shape(4) or [2])])
        layer("Sigmoid", [], {}, [T("x", lead_shape(4) or [2])])
    for _ in range(8):
        layer("LeakyReLU", [pick(0.01, 0.2)] if chance(0.5) else [], {}, [T("x", lead_shape(4) or [2])])


def gen_embedding(count):
    for _ in range(count):
        n, dim = ri(1, 20), ri(1, 8)
        kwargs = {}
        if chance(0.25):
            kwargs["padding_idx"] = ri(-n - 2, n + 1)
        x = T("x", lead_shape(3), dtype="int64", high=n)
        layer("Embedding", [n, dim], kwargs, [x])


def gen_pixelshuffle(count):
    for _ in range(count):
        r = ri(1, 3)
        c = ri(1, 3) * r * r if chance(0.8) else ri(1, 10)
        rank = pick(3, 4, 4, 5) if chance(0.9) else 2
        shape = [ri(1, 2) for _ in range(max(rank - 3, 0))] + [c, ri(1, 5), ri(1, 5)]
        shape = shape[-rank:]
        layer("PixelShuffle", [r], {}, [T("x", shape)])
    for _ in range(count):
        r = ri(1, 3)
        h = ri(1, 4) * r if chance(0.8) else ri(1, 9)
        w = ri(1, 4) * r if chance(0.85) else ri(1, 9)
        rank = pick(3, 4, 4, 5) if chance(0.9) else 2
        shape = [ri(1, 2) for _ in range(max(rank - 3, 0))] + [ri(1, 3), h, w]
        shape = shape[-rank:]
        layer("PixelUnshuffle", [r], {}, [T("x", shape)])


# ----------------------------------------------------------------------------------------------
# Padding layers and F.pad.


def pad_tuple(n, lo, hi):
    return tuple(ri(lo, hi) for _ in range(n))


def gen_padding(count_each):
    for d in (1, 2, 3):
        for cls in ("ConstantPad", "ReflectionPad", "ReplicationPad", "ZeroPad"):
            if cls == "ZeroPad" and d != 2:
                continue
            name = f"{cls}{d}d"
            for _ in range(count_each):
                neg = chance(0.15)
                p = ri(0, 3) if chance(0.35) else pad_tuple(2 * d, -2 if neg else 0, 3)
                if isinstance(p, tuple) and chance(0.05):
                    p = p[:-1]
                args = [p] + ([pick(0.0, 1.5, 2)] if cls == "ConstantPad" else [])
                rank = pick(d + 1, d + 2, d + 2)
                if chance(0.08):
                    rank = pick(d, d + 3)
                rank = max(rank, 1)
                shape = [ri(1, 3) for _ in range(max(rank - d, 0))] + [ri(1, 7) for _ in range(min(d, rank))]
                layer(name, args, {}, [T("x", shape)])


def gen_fpad(count):
    for _ in range(count):
        mode = pick("constant", "constant", "constant", "reflect", "replicate", "circular")
        rank = ri(1, 5)
        npairs = ri(1, min(rank, 3))
        if mode != "constant":
            rank = ri(2, 5)
            npairs = max(1, min(rank - 2 if rank > 2 else 1, 3))
            if chance(0.1):
                npairs = ri(1, 3)
        pad = pad_tuple(2 * npairs, -2 if chance(0.2) else 0, 3)
        if chance(0.04):
            pad = pad[:-1]
        if chance(0.1):
            pad = list(pad)
        shape = [ri(1, 6) for _ in range(rank)]
        kw = {}
        if mode != "constant" or chance(0.2):
            kw["mode"] = mode
        if mode == "constant" and chance(0.2):
            kw["value"] = 1.0
        function("F.pad", [T("x", shape), pad], kw)


# ----------------------------------------------------------------------------------------------
# Unfold / Fold.


def gen_unfold_fold(count):
    for _ in range(count):
        k = int_or_tuple(2, 1, 4)
        kw = {}
        if chance(0.3):
            kw["dilation"] = int_or_tuple(2, 1, 2)
        if chance(0.4):
            kw["padding"] = int_or_tuple(2, 0, 2)
        if chance(0.5):
            kw["stride"] = int_or_tuple(2, 1, 3)
        rank = pick(3, 4, 4, 4) if chance(0.95) else pick(2, 5)
        shape = [ri(1, 3) for _ in range(rank - 2)] + spatial(2, 1, 12)
        layer("Unfold", [k], kw, [T("x", shape)])
    for _ in range(count):
        k = int_or_tuple(2, 1, 3)
        kk = as_tuple(k, 2)
        osz = int_or_tuple(2, 2, 10)
        kw = {}
        if chance(0.3):
            kw["dilation"] = int_or_tuple(2, 1, 2)
        if chance(0.4):
            kw["padding"] = int_or_tuple(2, 0, 2)
        if chance(0.5):
            kw["stride"] = int_or_tuple(2, 1, 3)
        o = as_tuple(osz, 2)
        dl, pd, st = as_tuple(kw.get("dilation", 1), 2), as_tuple(kw.get("padding", 0), 2), as_tuple(kw.get("stride", 1), 2)
        blocks = 1
        for i in range(2):
            blocks *= max((o[i] + 2 * pd[i] - dl[i] * (kk[i] - 1) - 1) // st[i] + 1, 0)
        c = ri(1, 3)
        ck = c * kk[0] * kk[1]
        if chance(0.15):
            ck += 1
        L = blocks if chance(0.85) else blocks + 1
        shape = [ri(1, 2), ck, max(L, 1)] if chance(0.85) else [ck, max(L, 1)]
        layer("Fold", [osz, k], kw, [T("x", shape)])


# ----------------------------------------------------------------------------------------------
# Functional forms.


def gen_fconv(count):
    for _ in range(count):
        groups = pick(1, 1, 1, 2, 3)
        cin = groups * ri(1, 3)
        cout = groups * ri(1, 3)
        kh, kw_ = ri(1, 4), ri(1, 4)
        wshape = [cout, cin // groups if chance(0.9) else cin // groups + 1, kh, kw_]
        h, w_ = ri(max(1, kh - 1), 16), ri(max(1, kw_ - 1), 16)
        cx = cin if chance(0.92) else cin + 1
        x = T("x", batch_prefix() + [cx, h, w_])
        wt = T("w", wshape)
        kw = {}
        if chance(0.3):
            kw["bias"] = T("b", [cout if chance(0.9) else cout + 1])
        if chance(0.4):
            kw["stride"] = int_or_tuple(2, 1, 3)
        r = rng.random()
        if r < 0.15:
            kw["padding"] = "same"
        elif r < 0.25:
            kw["padding"] = "valid"
        elif r < 0.55:
            kw["padding"] = int_or_tuple(2, 0, 2)
        if chance(0.2):
            kw["dilation"] = int_or_tuple(2, 1, 2)
        if groups != 1:
            kw["groups"] = groups
        function("F.conv2d", [x, wt], kw)


def gen_fpool(count):
    for fname, dil in (("F.max_pool2d", True), ("F.avg_pool2d", False)):
        for _ in range(count):
            k, stride, pad, d, ceil = pool_params(2, dil)
            sp = pool_input(2, k, stride, pad, d, ceil)
            x = T("x", batch_prefix() + [ri(1, 3)] + sp)
            args = [x, k]
            kw = {}
            if stride != "omit":
                kw["stride"] = stride
            if pad != 0:
                kw["padding"] = pad
            if d != 1:
                kw["dilation"] = d
            if ceil:
                kw["ceil_mode"] = True
            if dil and chance(0.1):
                kw["return_indices"] = True
            function(fname, args, kw)
    for _ in range(count // 2):
        osz = adaptive_size(2)
        x = T("x", batch_prefix() + [ri(1, 3)] + spatial(2, 1, 16))
        function("F.adaptive_avg_pool2d", [x, osz])


def gen_flinear(count):
    for _ in range(8):
        function("F.relu", [T("x", lead_shape(4) or [3])], {} if chance(0.7) else {"inplace": False})
    for _ in range(count):
        fin, fout = ri(1, 12), ri(1, 12)
        x = T("x", lead_shape() + [fin if chance(0.85) else fin + 1])
        w = T("w", [fout, fin] if chance(0.95) else [fin])
        args = [x, w]
        if chance(0.4):
            args.append(T("b", [fout] if chance(0.9) else [fout + 1]))
        function("F.linear", args)


# ----------------------------------------------------------------------------------------------
# Tensor ops.


def rand_shape(lo_rank=1, hi_rank=4, lo=1, hi=5):
    return [ri(lo, hi) for _ in range(ri(lo_rank, hi_rank))]


def gen_view_reshape(count):
    for name in ("Tensor.view", "Tensor.reshape", "torch.reshape"):
        for _ in range(count):
            shape = rand_shape()
            n = numel(shape)
            # A target shape: a re-factorisation of n, maybe with one -1, maybe wrong.
            target = []
            rest = n
            while rest > 1 and len(target) < 3:
                f = rng.choice([a for a, _ in factorizations(rest)])
                target.append(f)
                rest //= f
            target.append(rest)
            rng.shuffle(target)
            r = rng.random()
            if r < 0.3:
                target[ri(0, len(target) - 1)] = -1
            elif r < 0.4:
                target[ri(0, len(target) - 1)] += 1
            elif r < 0.45:
                target = [-1, -1] + target[1:]
            elif r < 0.5:
                target = [-1]
            elif r < 0.53:
                target = [0, -1]
            x = T("x", shape)
            if name == "torch.reshape":
                function(name, [x, tuple(target)])
            elif chance(0.6):
                function(name, [x] + target)
            else:
                function(name, [x, tuple(target) if chance(0.7) else list(target)])


def gen_flatten_ops(count):
    for name in ("torch.flatten", "Tensor.flatten"):
        for _ in range(count):
            shape = rand_shape(0, 4)
            r = max(len(shape), 1)
            args = [T("x", shape)]
            kw = {}
            if chance(0.7):
                args.append(ri(-r - 1, r))
            if chance(0.5):
                if len(args) == 2 and chance(0.5):
                    args.append(ri(-r - 1, r))
                else:
                    kw["end_dim"] = ri(-r - 1, r)
            function(name, args, kw)


def gen_permute_etc(count):
    for _ in range(count):
        shape = rand_shape(1, 5)
        perm = list(range(len(shape)))
        rng.shuffle(perm)
        perm = [p - len(shape) if chance(0.2) else p for p in perm]
        r = rng.random()
        if r < 0.1:
            perm = perm[:-1]
        elif r < 0.15:
            perm = perm + [0]
        elif r < 0.2 and len(perm) > 1:
            perm[0] = perm[1]
        x = T("x", shape)
        if chance(0.5):
            function("Tensor.permute", [x] + perm)
        elif chance(0.5):
            function("Tensor.permute", [x, tuple(perm)])
        else:
            function("torch.permute", [x, tuple(perm)])
    for _ in range(count):
        shape = rand_shape(0, 4)
        r = max(len(shape), 1)
        x = T("x", shape)
        name = pick("Tensor.transpose", "torch.transpose")
        function(name, [x, ri(-r - 1, r), ri(-r, r - 1)])
    for _ in range(count):
        shape = [pick(1, 1, 2, 3) for _ in range(ri(0, 4))]
        r = max(len(shape), 1)
        x = T("x", shape)
        name = pick("Tensor.squeeze", "torch.squeeze")
        if chance(0.3):
            function(name, [x])
        elif chance(0.8):
            function(name, [x, ri(-r - 1, r)])
        else:
            function(name, [x], {"dim": ri(-r, r - 1)})
    for _ in range(count):
        shape = rand_shape(0, 4)
        r = len(shape)
        x = T("x", shape)
        name = pick("Tensor.unsqueeze", "torch.unsqueeze")
        function(name, [x, ri(-r - 2, r + 1)])


def gen_cat_stack(count):
    for _ in range(count):
        shape = rand_shape(1, 4)
        r = len(shape)
        dim = ri(-r, r - 1) if chance(0.9) else pick(-r - 1, r)
        n = ri(1, 3)
        ts = []
        for i in range(n):
            s = list(shape)
            if dim in range(-r, r):
                s[dim] = ri(1, 5)
            u = rng.random()
            if u < 0.1:
                j = ri(0, r - 1)
                s[j] += 1
            elif u < 0.14:
                s = s + [2]
            elif u < 0.17:
                s = [0]
            ts.append(T("xyzw"[i], s))
        container = ts if chance(0.7) else tuple(ts)
        if chance(0.5):
            function("torch.cat", [container, dim])
        else:
            function("torch.cat", [container], {"dim": dim} if dim != 0 or chance(0.5) else {})
    for _ in range(count):
        shape = rand_shape(0, 4)
        r = len(shape)
        dim = ri(-r - 1, r) if chance(0.9) else pick(-r - 2, r + 1)
        ts = []
        for i in range(ri(1, 3)):
            s = list(shape)
            if chance(0.1) and s:
                s[ri(0, r - 1)] += 1
            ts.append(T("xyzw"[i], s))
        function("torch.stack", [ts] + ([dim] if dim != 0 or chance(0.5) else []))


def gen_chunk_split(count):
    for _ in range(count):
        shape = rand_shape(1, 3, 1, 9)
        r = len(shape)
        x = T("x", shape)
        chunks = ri(1, 6) if chance(0.95) else 0
        args = [x, chunks]
        if chance(0.6):
            args.append(ri(-r, r - 1) if chance(0.92) else r)
        name = pick("Tensor.chunk", "torch.chunk")
        function(name, args)
    for _ in range(count):
        shape = rand_shape(1, 3, 1, 9)
        r = len(shape)
        dim = ri(-r, r - 1) if chance(0.95) else r
        x = T("x", shape)
        size = shape[dim] if dim in range(-r, r) else 3
        if chance(0.5):
            sp = ri(1, 5) if chance(0.95) else 0
        else:
            parts = []
            rest = size
            while rest > 0:
                p = ri(0 if chance(0.1) else 1, rest)
                parts.append(p)
                rest -= p
                if len(parts) > 5:
                    break
            if rest > 0:
                parts.append(rest)
            if chance(0.15):
                parts[-1] += 1
            sp = parts
        name = pick("torch.split", "Tensor.split")
        args = [x, sp]
        kw = {}
        if dim != 0 or chance(0.3):
            if chance(0.5):
                args.append(dim)
            else:
                kw["dim"] = dim
        function(name, args, kw)


def broadcast_partner(shape):
    out = []
    for s in shape:
        u = rng.random()
        out.append(1 if u < 0.3 else (s if u < 0.9 else s + 1))
    k = ri(0, len(out))
    out = out[k:] if chance(0.5) else out
    if chance(0.2):
        out = [ri(1, 3)] + out
    return out


def gen_add(count):
    for _ in range(count):
        a = rand_shape(0, 4)
        b = broadcast_partner(a)
        if chance(0.5):
            a, b = b, a
        x, y = T("x", a), T("y", b)
        op = pick("__add__", "__add__", "__mul__", "__sub__")
        sym = {"__add__": "+", "__mul__": "*", "__sub__": "-"}[op]
        if chance(0.1):
            function("Tensor." + op, [x, 2], source=f"x {sym} 2")
        else:
            function("Tensor." + op, [x, y], source=f"x {sym} y")


def gen_matmul(count):
    for _ in range(count):
        ra, rb = ri(1, 4), ri(1, 4)
        n, k, m = ri(1, 5), ri(1, 5), ri(1, 5)
        batch = [ri(1, 3) for _ in range(max(ra, rb) - 2)] if max(ra, rb) > 2 else []
        a = ([k] if ra == 1 else [n, k])
        b = ([k] if rb == 1 else [k, m])
        if ra > 2:
            a = [pick(1, *batch) if chance(0.2) else bb for bb in batch[len(batch) - (ra - 2):]] + a
        if rb > 2:
            b = [bb if chance(0.8) else 1 for bb in batch[len(batch) - (rb - 2):]] + b
        u = rng.random()
        if u < 0.15:
            b[-2 if rb > 1 else -1] += 1
        elif u < 0.2 and len(a) > 2:
            a[0] += 1
        x, y = T("x", a), T("y", b)
        if chance(0.25):
            function("Tensor.__matmul__", [x, y], source="x @ y")
        else:
            function("torch.matmul", [x, y])


def gen_reduce(count):
    for name in ("Tensor.sum", "Tensor.mean"):
        for _ in range(count):
            shape = rand_shape(0, 4)
            r = max(len(shape), 1)
            x = T("x", shape)
            args = [x]
            kw = {}
            u = rng.random()
            if u < 0.15:
                pass
            elif u < 0.7:
                dim = ri(-r, r - 1) if chance(0.92) else r
                if chance(0.5):
                    args.append(dim)
                else:
                    kw["dim"] = dim
            else:
                dims = tuple(rng.sample(range(-r, r), ri(1, r)))
                dims = tuple(d + r if d < 0 and chance(0.5) else d for d in dims)
                if chance(0.1) and dims:
                    dims = dims + (dims[0],)
                if chance(0.5):
                    args.append(dims if chance(0.7) else list(dims))
                else:
                    kw["dim"] = dims
            if len(args) + len(kw) > 1 and chance(0.5):
                kw["keepdim"] = chance(0.6)
            function(name, args, kw)
    for _ in range(count):
        shape = rand_shape(0, 4)
        r = max(len(shape), 1)
        x = T("x", shape)
        if chance(0.15):
            function("Tensor.max", [x])
            continue
        dim = ri(-r, r - 1) if chance(0.92) else r
        args = [x, dim]
        kw = {}
        if chance(0.5):
            kw["keepdim"] = chance(0.6)
        function("Tensor.max", args, kw)


def gen_size(count):
    for _ in range(count):
        shape = rand_shape(0, 4)
        r = len(shape)
        x = T("x", shape)
        if chance(0.2):
            function("Tensor.size", [x])
        else:
            function("Tensor.size", [x, ri(-r - 1, r)])


def gen_getitem(count):
    for _ in range(count):
        shape = rand_shape(1, 4, 1, 7)
        items = []
        axis = 0
        used_ellipsis = False
        while axis < len(shape) and len(items) < len(shape) + 1:
            u = rng.random()
            if u < 0.25:
                i = ri(-shape[axis], shape[axis] - 1) if chance(0.9) else pick(shape[axis], -shape[axis] - 1)
                items.append(i)
                axis += 1
            elif u < 0.6:
                a = pick(None, None, ri(-8, 8))
                b = pick(None, ri(-8, 9))
                s = pick(None, None, None, ri(1, 3))
                items.append(slice(a, b, s))
                axis += 1
            elif u < 0.75:
                items.append(None)
            elif u < 0.82 and not used_ellipsis:
                items.append(Ellipsis)
                used_ellipsis = True
                axis = len(shape) - ri(0, len(shape) - axis)
            elif u < 0.86:
                break
            else:
                items.append(slice(None, None, None))
                axis += 1
        if chance(0.05):
            items.append(0)
        if not items:
            items = [0]
        x = T("x", shape)
        if len(items) == 1 and chance(0.8):
            idx = items[0]
            text = index_src(idx)
        else:
            idx = tuple(items)
            text = ", ".join(index_src(i) for i in items)
            if len(items) == 1:
                text += ","
        function("Tensor.__getitem__", [x, idx], source=f"x[{text}]")


# ----------------------------------------------------------------------------------------------
# PyTorch 2.x additions (generated only under torch 2, after every other case, so the cases above
# stay the same under both versions).


def gen_sdpa(count):
    for _ in range(count):
        rank = pick(2, 3, 4, 4, 4)
        batch = [ri(1, 3) for _ in range(rank - 2)]
        L, S, E, Ev = ri(1, 6), ri(1, 6), ri(1, 8), ri(1, 8)
        kbatch = list(batch)
        kwargs = {}
        if rank >= 3 and chance(0.2):
            groups = ri(1, 3)
            kbatch[-1] = ri(1, 3)
            batch[-1] = kbatch[-1] * groups if chance(0.85) else kbatch[-1] * groups + 1
            kwargs["enable_gqa"] = True
        elif kbatch and chance(0.15):
            i = ri(0, len(kbatch) - 1)
            kbatch[i] = pick(1, kbatch[i] + 1)
        if chance(0.1) and rank >= 3:
            kbatch = kbatch[1:]
        ke = E if chance(0.9) else E + 1
        vs = S if chance(0.92) else S + 1
        q, k, v = T("q", batch + [L, E]), T("k", kbatch + [S, ke]), T("v", kbatch + [vs, Ev])
        u = rng.random()
        if u < 0.3:
            mshape = [L, S] if chance(0.7) else [ri(1, 2) for _ in range(ri(0, 2))] + [L, S]
            if chance(0.12):
                mshape[-1] += 1
            kwargs["attn_mask"] = T("m", mshape)
            if chance(0.1):
                kwargs["is_causal"] = True
        elif u < 0.5:
            kwargs["is_causal"] = True
        if chance(0.1):
            kwargs["dropout_p"] = 0.0
        if chance(0.15):
            kwargs["scale"] = pick(0.5, 0.125, 1.0)
        if chance(0.03):
            q = T("q", [E])
        function("F.scaled_dot_product_attention", [q, k, v], kwargs)


def gen_rmsnorm(count):
    for _ in range(count):
        tail = [ri(1, 6) for _ in range(ri(1, 3))]
        shape = lead_shape(2) + tail
        ns = tail[-ri(1, len(tail)):]
        if chance(0.15):
            ns = list(ns)
            ns[0] += 1
        if chance(0.05):
            shape = shape[-1:]
        if chance(0.2):
            function("F.rms_norm", [T("x", shape), tuple(ns)], {"eps": 1e-6} if chance(0.3) else {})
            continue
        norm = ns[0] if len(ns) == 1 and chance(0.5) else (tuple(ns) if chance(0.7) else list(ns))
        kwargs = {}
        if chance(0.2):
            kwargs["elementwise_affine"] = False
        if chance(0.2):
            kwargs["eps"] = 1e-6
        layer("RMSNorm", [norm], kwargs, [T("x", shape)])


def gen_circular_pad(count_each):
    for d in (1, 2, 3):
        for cls in ("CircularPad", "ZeroPad"):
            if cls == "ZeroPad" and d == 2:
                continue
            name = f"{cls}{d}d"
            for _ in range(count_each):
                p = ri(0, 3) if chance(0.35) else pad_tuple(2 * d, -1 if chance(0.1) else 0, 3)
                rank = pick(d + 1, d + 2, d + 2)
                if chance(0.1):
                    rank = pick(d, d + 3)
                rank = max(rank, 1)
                shape = [ri(1, 3) for _ in range(max(rank - d, 0))] + [ri(1, 5) for _ in range(min(d, rank))]
                layer(name, [p], {}, [T("x", shape)])


# ----------------------------------------------------------------------------------------------


def main():
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    default_name = "layers.json" if major_minor == "1.13" else f"layers-{major_minor}.json"
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../test/golden", default_name))
    t0 = time.time()
    gen_conv(1, 160)
    gen_conv(2, 320)
    gen_conv(3, 110)
    gen_lazy_conv(15)
    gen_conv_transpose(1, 90)
    gen_conv_transpose(2, 160)
    gen_conv_transpose(3, 60)
    gen_maxpool(1, 100)
    gen_maxpool(2, 160)
    gen_maxpool(3, 60)
    gen_avgpool(1, 100)
    gen_avgpool(2, 160)
    gen_avgpool(3, 60)
    for kind in ("Avg", "Max"):
        for d in (1, 2, 3):
            gen_adaptive(kind, d, 40)
    gen_adaptive_edges()
    gen_upsample(170)
    gen_interpolate(100)
    gen_linear(60)
    gen_bilinear(15)
    gen_flatten(40)
    gen_unflatten(40)
    for d in (1, 2, 3):
        gen_batchnorm(d, 30)
    gen_layernorm(40)
    gen_groupnorm(40)
    gen_instancenorm(1, 30)
    gen_instancenorm(2, 30)
    gen_simple_layers()
    gen_embedding(30)
    gen_pixelshuffle(30)
    gen_padding(22)
    gen_fpad(80)
    gen_unfold_fold(50)
    gen_fconv(80)
    gen_fpool(50)
    gen_flinear(30)
    gen_view_reshape(40)
    gen_flatten_ops(25)
    gen_permute_etc(35)
    gen_cat_stack(50)
    gen_chunk_split(45)
    gen_add(80)
    gen_matmul(80)
    gen_reduce(40)
    gen_size(20)
    gen_getitem(90)
    if int(torch.__version__.split(".")[0]) >= 2:
        gen_sdpa(150)
        gen_rmsnorm(50)
        gen_circular_pad(15)
    doc = {"generator": "scripts/golden/generate_layers.py (seed %d)" % SEED, "torch": torch.__version__, "cases": cases}
    with open(out_path, "w") as f:
        f.write('{"generator": %s, "torch": %s, "cases": [\n' % (json.dumps(doc["generator"]), json.dumps(doc["torch"])))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c["expect"])
    sys.stderr.write(f"{len(cases)} cases ({errors} errors, {100 * errors / max(len(cases), 1):.0f}%), skipped {skipped}, {time.time() - t0:.1f}s -> {out_path}\n")


if __name__ == "__main__":
    main()
