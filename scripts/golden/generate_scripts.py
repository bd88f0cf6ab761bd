#!/usr/bin/python3
# Generates test/golden/scripts.json: the files of test/realworld/ and the fixture notebooks' seeds run as
# scripts (`python file.py`, so their `if __name__ == "__main__":` blocks run) under a line tracer, which
# records the distinct values of every assignment executed anywhere in the file: module level, plain
# functions, forward passes. test/core/scripts.test.ts checks what `shapelens hints FILE` shows with no
# --model/--input (the module-level run of the file) against it.
#
# Usage: /usr/bin/python3 scripts/golden/generate_scripts.py [out.json]
#        /work/.venv-torch2/bin/python scripts/golden/generate_scripts.py   (PyTorch 2.13: scripts-2.13.json)
# Files that import what Debian's Python lacks (einops) or that fail under PyTorch are listed with the error.

import contextlib
import io
import json
import os
import runpy
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_realworld import DIR, ROOT, AssignIndex, encode_line  # noqa: E402

warnings.simplefilter("ignore")


def trace_script(path):
    index = AssignIndex(path)
    lines = {}
    pending = {}

    def capture(frame, lineno):
        target = index.stmts[lineno][1]
        from generate_realworld import read_target

        enc = encode_line(read_target(target, frame))
        vals = lines.setdefault(lineno, [])
        if enc not in vals:
            vals.append(enc)

    def tracer(frame, event, arg):
        # The file's own frames: the module itself and its functions (not comprehensions or lambdas).
        name = frame.f_code.co_name
        if frame.f_code.co_filename != path or (name.startswith("<") and name != "<module>"):
            return tracer
        if event in ("line", "return"):
            p = pending.get(id(frame))
            if p is not None:
                start, end = p
                if event == "return" or not (start <= frame.f_lineno <= end):
                    capture(frame, start)
                    del pending[id(frame)]
            if event == "line" and frame.f_lineno in index.stmts and id(frame) not in pending:
                pending[id(frame)] = (frame.f_lineno, index.stmts[frame.f_lineno][0])
        return tracer

    torch.manual_seed(0)
    sys.path.insert(0, os.path.dirname(path))
    try:
        with contextlib.redirect_stdout(io.StringIO()), torch.no_grad():
            sys.settrace(tracer)
            try:
                runpy.run_path(path, run_name="__main__")
            finally:
                sys.settrace(None)
    finally:
        sys.path.pop(0)
    return [{"line": l, "values": v} for l, v in sorted(lines.items())]


def main():
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    default_name = "scripts.json" if major_minor == "1.13" else f"scripts-{major_minor}.json"
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "test", "golden", default_name)
    files = []
    for name in sorted(os.listdir(DIR)):
        path = os.path.join(DIR, name)
        if not name.endswith(".py") or '__name__ == "__main__"' not in open(path).read():
            continue
        try:
            files.append({"file": name, "lines": trace_script(path)})
        except Exception as e:  # the file cannot run here: recorded, and the test skips it
            files.append({"file": name, "error": f"{type(e).__name__}: {e}"})
        print(name, files[-1].get("error", f"{len(files[-1]['lines'])} lines"))
    with open(out_path, "w") as f:
        json.dump({"torch": torch.__version__, "files": files}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
