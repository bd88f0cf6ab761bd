#!/usr/bin/python3
# Adds per-line ground truth to test/golden/torchvision.json: every model of generate_torchvision.py's MODELS is
# run once more under a line tracer that records, for each assignment executed during forward in a file under
# torchvision/models or torchvision/ops, the distinct values assigned (what `shapelens hints` shows). The result
# goes into a separate "lines" key of each model; everything else in the file is kept as it is. Run it after
# generate_torchvision.py (which rewrites the file without this key).
#
# Usage: /usr/bin/python3 scripts/golden/generate_torchvision_lines.py [torchvision.json]

import importlib
import json
import os
import sys
import warnings

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_realworld import AssignIndex, encode_line, read_target  # noqa: E402
from generate_torchvision import MODELS  # noqa: E402

warnings.simplefilter("ignore")


def golden_name():
    """torchvision.json under PyTorch 1.13, torchvision-<major.minor>.json under any other version."""
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    return "torchvision.json" if major_minor == "1.13" else f"torchvision-{major_minor}.json"

torch.set_num_threads(4)

PKG = os.path.dirname(torchvision.__file__)
TRACED = (os.path.join(PKG, "models") + os.sep, os.path.join(PKG, "ops") + os.sep)


def trace_lines(file, expr, shape):
    torch.manual_seed(0)
    scope = dict(vars(importlib.import_module("torchvision." + file[:-3].replace("/", "."))))
    model = eval(expr, scope)
    model.eval()
    indexes = {}
    lines = {}
    pending = {}

    def capture(frame, rel, lineno):
        target = indexes[rel].stmts[lineno][1]
        enc = encode_line(read_target(target, frame))
        vals = lines.setdefault((rel, lineno), [])
        if enc not in vals:
            vals.append(enc)

    def tracer(frame, event, arg):
        fname = frame.f_code.co_filename
        # Comprehensions and lambdas run in their own frames on the statement's line: not assignments.
        if not fname.startswith(TRACED) or frame.f_code.co_name.startswith("<"):
            return tracer
        rel = os.path.relpath(fname, PKG)
        if rel not in indexes:
            indexes[rel] = AssignIndex(fname)
        idx = indexes[rel]
        if event in ("line", "return"):
            p = pending.get(id(frame))
            if p is not None:
                start, end = p
                if event == "return" or not (start <= frame.f_lineno <= end):
                    capture(frame, rel, start)
                    del pending[id(frame)]
            if event == "line" and frame.f_lineno in idx.stmts and id(frame) not in pending:
                pending[id(frame)] = (frame.f_lineno, idx.stmts[frame.f_lineno][0])
        return tracer

    x = torch.randn(*shape)
    with torch.no_grad():
        sys.settrace(tracer)
        try:
            model(x)
        finally:
            sys.settrace(None)
    return [{"file": f, "line": l, "values": v} for (f, l), v in sorted(lines.items())]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test", "golden", golden_name())
    computed = {name: trace_lines(file, expr, shape) for name, file, expr, shape in MODELS}
    # Re-read right before writing: other generators may have changed the file meanwhile.
    with open(path) as f:
        doc = json.load(f)
    with open(path, "w") as f:
        f.write('{"torch": %s, "torchvision": %s, "models": [\n' % (json.dumps(doc["torch"]), json.dumps(doc["torchvision"])))
        for i, m in enumerate(doc["models"]):
            if m["name"] in computed:
                m["lines"] = computed[m["name"]]
            head = {k: v for k, v in m.items() if k not in ("modules", "lines")}
            f.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"modules":[\n')
            f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["modules"]))
            if "lines" in m:
                f.write('\n],"lines":[\n')
                f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["lines"]))
            f.write("\n]}" + ("," if i + 1 < len(doc["models"]) else "") + "\n")
        f.write("]}\n")
    print(f"lines for {len(computed)} models written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
