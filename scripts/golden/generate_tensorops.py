#!/usr/bin/python3
# Records the tensor-op test cases (creation, elementwise, indexing, join, reduce, reshape, matmul: the
# lists those tests recorded from PyTorch 1.13) under the running PyTorch, writing
# test/golden/tensorops-<major.minor>.json; test/core/tensorops-versions.test.ts replays it under that
# version. Cases with symbolic dims are left out.
#
# Usage: npm run compile-tests && node scripts/golden/extract_tensorop_cases.js /tmp/tensorop-cases.json
#        /work/.venv-torch2/bin/python scripts/golden/generate_tensorops.py /tmp/tensorop-cases.json [out.json]

import json
import operator
import os
import sys
import warnings

import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")
torch.manual_seed(0)
INTS = (torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8)


class Symbolic(Exception):
    pass


def dec(e):
    if e is None or isinstance(e, (bool, int, str)):
        return e
    if isinstance(e, list):
        return [dec(x) for x in e]
    if "float" in e:
        return float(e["float"])
    if "sym" in e:
        raise Symbolic()
    if "tuple" in e:
        return tuple(dec(x) for x in e["tuple"])
    if "size" in e:
        return torch.Size(e["size"])
    if "tensor" in e:
        if any(isinstance(d, str) for d in e["tensor"]) or e.get("lead"):
            raise Symbolic()
        dtype = getattr(torch, e.get("dtype", "float32"))
        if dtype == torch.bool:
            return torch.ones(e["tensor"], dtype=dtype)  # masks select everything, as the tests recorded
        if dtype in INTS:
            return torch.zeros(e["tensor"], dtype=dtype)
        return torch.randn(e["tensor"]).to(dtype)
    if "dtype" in e:
        return getattr(torch, e["dtype"])
    if "slice" in e:
        return slice(*[dec(x) for x in e["slice"]])
    if "ellipsis" in e:
        return Ellipsis
    raise ValueError(f"cannot decode {e!r}")


def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": list(v.shape), "dtype": str(v.dtype).replace("torch.", "")}
    if isinstance(v, torch.Size):
        return {"size": list(v)}
    if isinstance(v, (tuple, list)):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, (bool, int)):
        return v
    raise ValueError(f"cannot encode {v!r}")


def run(case):
    args = [dec(a) for a in case["args"]]
    kwargs = {k: dec(v) for k, v in case["kwargs"].items()}
    name = case["name"]
    if name == "Tensor.__getitem__":
        return args[0][args[1]]
    if name in ("Tensor.__eq__", "Tensor.__ne__"):
        # Python's operator: a tensor compared with None is False / True, not NotImplemented.
        return getattr(operator, name[9:-2])(args[0], args[1])
    if name.startswith("Tensor."):
        attr = getattr(args[0], name[7:])
        return attr(*args[1:], **kwargs) if callable(attr) else attr
    if name.startswith("torch."):
        return getattr(torch, name[6:])(*args, **kwargs)
    return getattr(F, name[2:])(*args, **kwargs)


def main():
    cases = json.load(open(sys.argv[1]))
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "test", "golden", f"tensorops-{major_minor}.json")
    recorded = []
    for case in cases:
        try:
            torch.manual_seed(0)
            expect = enc(run(case))
        except Symbolic:
            continue
        except Exception as e:  # noqa: BLE001 - every exception is a recorded outcome
            expect = {"error": type(e).__name__, "message": str(e).split("\nException raised from ")[0]}
        recorded.append({"name": case["name"], "args": case["args"], "kwargs": case["kwargs"], "expect": expect})
    with open(out_path, "w") as f:
        f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in recorded))
        f.write("\n]}\n")
    print(f"{len(recorded)} cases -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
