#!/usr/bin/python3
"""Checks the inline shape annotations of test/fixtures/forward/*.py against real PyTorch.

Run by hand with Debian's python3-torch (1.13):  /usr/bin/python3 scripts/golden/verify_fixtures.py
For each fixture it finds the declared input (the `# shape:` directive, a jaxtyping annotation, or the
file's own `__main__` call / torchinfo summary), runs forward under a line tracer, and compares the value
assigned on every `# => ...` line with the annotation (symbols are substituted by sample sizes).
`# !! code` lines must raise in PyTorch. A trailing `?` among the values (`# => [3, 8] ?`) means "these, then
values the engine lost": PyTorch's must begin with them and have more. Exit status 1 on any disagreement.
"""
import ast
import os
import re
import sys
import types

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "forward")
SYMBOLS = {"N": 3, "B": 2, "H": 37, "W": 41, "C": 5, "L": 29}


def shape_text(v):
    if isinstance(v, torch.Tensor):
        return "[" + ", ".join(str(d) for d in v.shape) + "]"
    if isinstance(v, (tuple, list)) and v and all(isinstance(x, torch.Tensor) for x in v):
        return "(" + ", ".join(shape_text(x) for x in v) + ")"
    return None


def substitute(expected):
    def dim(m):
        return str(eval(m.group(0), {}, dict(SYMBOLS)))

    return re.sub(r"[A-Za-z_()+\-*/0-9]+(?=[,\]])", dim, expected)


def split_values(text):
    out, depth, cur = [], 0, ""
    for ch in text.strip():
        if ch in "[(":
            depth += 1
        if ch in "])":
            depth -= 1
        if ch == " " and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
            continue
        cur += ch
    if cur:
        out.append(cur)
    return [re.sub(r"\s+", "", v).replace(",", ", ") for v in out]


def declared_input(source, cls_name):
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls_name:
            for fn in node.body:
                if isinstance(fn, ast.FunctionDef) and fn.name == "forward":
                    for row in range(fn.lineno - 2, max(fn.lineno - 5, 0), -1):
                        m = re.match(r"\s*#\s*shape:\s*\w+\s*=\s*\((.*)\)", lines[row])
                        if m:
                            return [[eval(d.strip(), {}, dict(SYMBOLS)) for d in m.group(1).split(",")]]
                    arg = fn.args.args[1]
                    if arg.annotation is not None:
                        m = re.search(r'"([^"]+)"', ast.get_source_segment(source, arg.annotation))
                        if m:
                            return [[eval(d, {}, dict(SYMBOLS)) for d in m.group(1).split()]]
    return None


def run_fixture(path):
    source = open(path).read()
    expected = {}
    errors = {}
    for i, line in enumerate(source.splitlines(), start=1):
        m = re.search(r"#\s*=>\s*(.*)$", line)
        if m:
            expected[i] = None if m.group(1).strip() == "?" else split_values(m.group(1))
        m = re.search(r"#\s*!!\s*([\w-]+)", line)
        if m:
            errors[i] = m.group(1)
    targets = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and node.lineno in expected:
            targets[node.lineno] = node.targets[0]
    seen = {}
    pending = {}

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != path:
            return tracer
        if event in ("line", "return"):
            for lineno, target in list(pending.get(id(frame), {}).items()):
                if frame.f_lineno != lineno or event == "return":
                    names = [target.id] if isinstance(target, ast.Name) else [e.id for e in target.elts]
                    vals = [frame.f_locals.get(n) for n in names]
                    value = vals[0] if len(vals) == 1 else tuple(vals)
                    seen.setdefault(lineno, [])
                    t = shape_text(value)
                    if t and t not in seen[lineno]:
                        seen[lineno].append(t)
                    del pending[id(frame)][lineno]
            if event == "line" and frame.f_lineno in targets:
                pending.setdefault(id(frame), {})[frame.f_lineno] = targets[frame.f_lineno]
        return tracer

    module = types.ModuleType("fixture")
    module.__file__ = path
    sys.modules["torchinfo"] = types.SimpleNamespace(summary=lambda m, input_size: m(torch.randn(*input_size)))
    sys.modules["jaxtyping"] = types.SimpleNamespace(Float=type("F", (), {"__class_getitem__": classmethod(lambda c, k: torch.Tensor)}))
    code = compile(source, path, "exec")
    raised = []
    torch.manual_seed(0)
    with torch.no_grad():
        sys.settrace(tracer)
        try:
            module.__dict__["__name__"] = "__main__"
            exec(code, module.__dict__)
            has_main = "__main__" in source
            if not has_main:
                for name, cls in list(module.__dict__.items()):
                    if isinstance(cls, type) and issubclass(cls, torch.nn.Module) and cls.__module__ == "__main__":
                        shapes = declared_input(source, name)
                        if shapes:
                            model = cls().eval()
                            try:
                                model(*[torch.randn(*s) for s in shapes])
                            except Exception as e:  # the fixture may raise on purpose
                                raised.append(e)
        except Exception as e:
            raised.append(e)
        finally:
            sys.settrace(None)
    problems = []
    for lineno, want in expected.items():
        got = seen.get(lineno, [])
        if want is None:
            continue
        # A trailing "?" says the engine knows these values and that more may exist: PyTorch's
        # values must start with the listed ones and include at least one more.
        if want and want[-1] == "?":
            want_sub = [substitute(w) for w in want[:-1]]
            if got[: len(want_sub)] != want_sub or len(got) <= len(want_sub):
                problems.append(f"line {lineno}: annotation {want} (= {want_sub} and more) but PyTorch gave {got}")
            continue
        want_sub = [substitute(w) for w in want]
        if got != want_sub:
            problems.append(f"line {lineno}: annotation {want} (= {want_sub}) but PyTorch gave {got}")
    if errors and not raised:
        problems.append(f"expected PyTorch to raise on lines {sorted(errors)}, it did not")
    if raised and not errors:
        problems.append(f"PyTorch raised unexpectedly: {raised[0]}")
    return problems


def main():
    failed = 0
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".py"):
            continue
        problems = run_fixture(os.path.join(FIXTURES, name))
        status = "ok" if not problems else "MISMATCH"
        print(f"{name}: {status}")
        for p in problems:
            print(f"  {p}")
        failed += bool(problems)
    print(f"{failed} fixture(s) disagree with PyTorch {torch.__version__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
