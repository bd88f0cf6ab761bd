#!/usr/bin/python3
# Generates test/golden/torchinfo-memory.json: for the torchvision zoo of generate_torchvision.py, the
# figures of torchinfo 1.8.0's summary footer measured on real PyTorch (1.13, Debian) with forward hooks:
# parameters, mult-adds, and the bytes behind "Input size", "Forward/backward pass size" and "Params size"
# (numel * element_size, summed over the rows torchinfo sums: every call of a leaf module with parameters,
# x2 for gradients; the parameters of each called leaf module once; sys.getsizeof of the input storage).
# torchinfo itself is not packaged by Debian: these are its documented rules applied to real tensors.
#
# The same for the models of test/realworld (generate_realworld.py's list; files needing einops are skipped
# when it is not installed); an input filled with token ids ("long") is int64, as torchinfo's input_data.
#
# Usage: /usr/bin/python3 scripts/golden/generate_torchinfo_memory.py [out.json] [--only NAME,...]

import importlib
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_torchvision import MODELS  # noqa: E402

warnings.simplefilter("ignore")
torch.manual_seed(0)
torch.set_num_threads(2)


def first_tensor(value, top=True):
    """The tensor whose size torchinfo reads: the value, the first item down a sequence; a top-level dict's last value."""
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, dict) and value:
        items = list(value.values())
        return first_tensor(items[-1] if top else items[0], False)
    if isinstance(value, (list, tuple)) and value:
        return first_tensor(value[0], False)
    return None


def is_leaf(module):
    return not any(True for _ in module.children())


def leaf_macs(module, out):
    """Mult-adds of one leaf call: weight/bias x out[0] (x spatial dims for Conv); other weight/bias names x out[0]*out[1]."""
    size = list(out.shape) if out is not None else []
    total = 0
    for name, p in module.named_parameters():
        n = p.numel()
        if name in ("weight", "bias"):
            if "Conv" in type(module).__name__:
                factor = size[0]
                for d in size[2:]:
                    factor *= d
            else:
                factor = size[0]
            total += n * factor
        elif "weight" in name or "bias" in name:
            total += n * size[0] * size[1]
    return total


def storage_bytes(t):
    storage = t.untyped_storage() if hasattr(t, "untyped_storage") else t.storage()
    return sys.getsizeof(storage)


def run(name, file, expr, shape):
    module_name = "torchvision." + file[:-3].replace("/", ".")
    scope = dict(vars(importlib.import_module(module_name)))
    model = eval(expr, scope)
    figures = measure(model, [torch.rand(*shape)])
    return {"name": name, "file": file, "model": expr, "input": shape, **figures}


def run_realworld(file, expr, shapes):
    import generate_realworld as rw

    module = importlib.import_module("realworld." + file[:-3])
    model = eval(expr, vars(module))
    inputs, input_shapes = zip(*(rw.make_input(s) for s in shapes))
    figures = measure(model, list(inputs))
    return {"file": file, "model": expr, "input": [list(s) for s in input_shapes], "long": any(s[0] == "long" for s in shapes), **figures}


def measure(model, inputs):
    model.eval()
    calls = []
    hooks = []
    for _, m in model.named_modules():
        if is_leaf(m):
            hooks.append(m.register_forward_hook(lambda mod, _i, out: calls.append((mod, first_tensor(out)))))
    with torch.no_grad():
        model(*inputs)
    for h in hooks:
        h.remove()
    forward_backward = 0
    macs = 0
    param_bytes = 0
    seen = set()
    for mod, out in calls:
        params = sum(p.numel() for p in mod.parameters())
        macs += leaf_macs(mod, out)
        if params > 0 and out is not None:
            forward_backward += 2 * out.numel() * out.element_size()
        if id(mod) not in seen:
            seen.add(id(mod))
            param_bytes += sum(p.numel() * p.element_size() for p in mod.parameters())
    return {
        "totalParams": sum(p.numel() for p in model.parameters()),
        "trainableParams": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "totalMacs": macs,
        "inputBytes": sum(storage_bytes(x) for x in inputs),
        "forwardBackwardBytes": forward_backward,
        "paramBytes": param_bytes,
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1].split(","))
        del args[i : i + 2]
    out_path = args[0] if args else os.path.join(root, "test", "golden", "torchinfo-memory.json")
    models = []
    for name, file, expr, shape in MODELS:
        if only is not None and name not in only:
            continue
        models.append(run(name, file, expr, shape))
        print(name, file=sys.stderr)
    import types

    import generate_realworld as rw

    pkg = types.ModuleType("realworld")
    pkg.__path__ = [rw.DIR]
    sys.modules["realworld"] = pkg
    sys.path.insert(0, rw.DIR)
    realworld = []
    for file, expr, shapes in rw.MODELS:
        try:
            realworld.append(run_realworld(file, expr, shapes))
        except ImportError as e:
            print(f"{file}: skipped ({e})", file=sys.stderr)
    with open(out_path, "w") as f:
        f.write('{"torch": %s, "models": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(m, separators=(",", ":")) for m in models))
        f.write('\n], "realworld": [\n')
        f.write(",\n".join(json.dumps(m, separators=(",", ":")) for m in realworld))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
