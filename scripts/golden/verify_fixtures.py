#!/usr/bin/python3
"""Checks the inline shape annotations of test/fixtures/forward/*.py against real PyTorch.

Run by hand under each followed PyTorch version:
  Debian's python3-torch (1.13):   /usr/bin/python3 scripts/golden/verify_fixtures.py
  PyTorch 2.13 in a venv:          /work/.venv-torch2/bin/python scripts/golden/verify_fixtures.py
An annotation with a version (`# =>@2 ...`, `# !!@1.13 code`) applies under that version only; a fixture
whose first lines say `# fixture-torch: 2` is checked under that version only.
For each fixture it finds the declared input (the `# shape:` directive, a jaxtyping annotation, or the
file's own `__main__` call / torchinfo summary), runs forward under a line tracer, and compares the value
assigned on every `# => ...` line with the annotation (symbols are substituted by sample sizes).
`# !! code` lines must raise in PyTorch, each on its own (a module-level one runs inside try/except; in a
forward, the line must be on the traceback). A trailing `?` among the values (`# => [3, 8] ?`) means "these, then
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
NOTEBOOKS = os.path.join(ROOT, "test", "fixtures", "notebooks")
SYMBOLS = {"N": 3, "B": 2, "H": 37, "W": 41, "C": 5, "L": 29}
VERSION = "2" if torch.__version__.startswith("2.") else ".".join(torch.__version__.split(".")[:2])
ANNOTATION = re.compile(r"#\s*(=>|!!)(?:@([\d.]+))?\s*([^#]*)")


def fixture_versions(source):
    m = re.search(r"^#\s*fixture-torch:\s*([\d.]+)\s*$", "\n".join(source.splitlines()[:8]), re.M)
    return [m.group(1)] if m else None


def shape_text(v):
    if isinstance(v, torch.Size):
        return "torch.Size([" + ", ".join(str(d) for d in v) + "])"
    if isinstance(v, torch.Tensor):
        return "[" + ", ".join(str(d) for d in v.shape) + "]"
    if isinstance(v, (tuple, list)) and v and all(isinstance(x, torch.Tensor) for x in v):
        # Python's notation, as the engine prints it: a 1-tuple keeps its comma.
        return "(" + ", ".join(shape_text(x) for x in v) + ("," if len(v) == 1 else "") + ")"
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
    return [re.sub(r",(?!\))", ", ", re.sub(r"\s+", "", v)) for v in out]


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
        for kind, only, body in ANNOTATION.findall(line):
            if only and only != VERSION:
                continue
            if kind == "!!":
                errors[i] = body.strip()
            else:
                expected[i] = None if body.strip() == "?" else split_values(body)
    targets = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno in expected:
            targets[node.lineno] = node.targets[0]
        elif isinstance(node, ast.AugAssign) and node.lineno in expected:
            targets[node.lineno] = node.target
    seen = {}
    pending = {}

    def record(lineno, value):
        seen.setdefault(lineno, [])
        t = shape_text(value)
        if t and t not in seen[lineno]:
            seen[lineno].append(t)

    def show(lineno, *values):
        # A printed or displayed line (`print(y.shape)`, a bare `m.weight.shape`): its one tensor or Size.
        shown = [v for v in values if isinstance(v, (torch.Tensor, torch.Size))]
        if len(shown) == 1:
            record(lineno, shown[0])
        return values[0] if values else None

    class Displays(ast.NodeTransformer):
        """Routes annotated expression statements through `show`, keeping their line numbers."""

        def visit_Expr(self, node):
            if node.lineno not in expected:
                return node
            v = node.value
            line = ast.Constant(node.lineno)
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "print":
                # print(a, b) -> print(*__shapelens_show_all__(line, a, b))
                shown = ast.Call(ast.Name("__shapelens_show_all__", ast.Load()), [line, *v.args], [])
                call = ast.Call(v.func, [ast.Starred(shown, ast.Load())], v.keywords)
            else:
                call = ast.Call(ast.Name("__shapelens_show__", ast.Load()), [line, v], [])
            return ast.copy_location(ast.Expr(call), node)

    def show_all(lineno, *values):
        show(lineno, *values)
        return values

    tree = ast.fix_missing_locations(Displays().visit(tree))
    # A module-level statement annotated `# !!` runs inside try/except, so that every such line of a file is
    # checked to raise on its own and the lines after it still run (as they do in the engine after a shape
    # error; an explicit `raise` stops the script in both).
    for i, node in enumerate(tree.body):
        if node.lineno in errors and not isinstance(node, ast.Raise):
            handler = ast.parse(f"__shapelens_raised__.add({node.lineno})").body
            wrapped = ast.Try([node], [ast.ExceptHandler(ast.Name("Exception", ast.Load()), None, handler)], [], [])
            tree.body[i] = ast.fix_missing_locations(ast.copy_location(wrapped, node))

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != path:
            return tracer
        if event in ("line", "return"):
            for lineno, target in list(pending.get(id(frame), {}).items()):
                if frame.f_lineno != lineno or event == "return":
                    if isinstance(target, ast.Name):
                        value = frame.f_locals.get(target.id)
                    elif isinstance(target, ast.Tuple):
                        value = tuple(frame.f_locals.get(e.id) for e in target.elts)
                    else:  # an attribute or subscript target: read it back
                        value = eval(ast.unparse(target), frame.f_globals, frame.f_locals)
                    record(lineno, value)
                    del pending[id(frame)][lineno]
            if event == "line" and frame.f_lineno in targets:
                pending.setdefault(id(frame), {})[frame.f_lineno] = targets[frame.f_lineno]
        return tracer

    module = types.ModuleType("fixture")
    module.__file__ = path
    sys.modules["torchinfo"] = types.SimpleNamespace(summary=lambda m, input_size: m(torch.randn(*input_size)))
    sys.modules["jaxtyping"] = types.SimpleNamespace(Float=type("F", (), {"__class_getitem__": classmethod(lambda c, k: torch.Tensor)}))
    code = compile(tree, path, "exec")
    module.__dict__["__shapelens_show__"] = show
    module.__dict__["__shapelens_show_all__"] = show_all
    raised = []
    raised_lines = set()
    module.__dict__["__shapelens_raised__"] = raised_lines

    def raised_at(e):
        """Keeps the exception with the fixture's lines on its traceback (a forward line, or the helper it called)."""
        lines = set()
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == path:
                lines.add(tb.tb_lineno)
            tb = tb.tb_next
        raised.append((e, lines))
        raised_lines.update(lines)
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
                                raised_at(e)
        except SystemExit:
            pass  # the script ended itself (sys.exit()): no error, and no later line ran
        except Exception as e:
            raised_at(e)
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
    for lineno in sorted(errors):
        if lineno not in raised_lines:
            problems.append(f"line {lineno}: expected PyTorch to raise there, it did not")
    for e, lines in raised:
        if not lines & set(errors):
            problems.append(f"PyTorch raised unexpectedly (lines {sorted(lines)}): {e}")
    return problems


def notebook_source(path):
    """The code cells of an .ipynb joined as Shape Lens joins them: IPython magics and shell lines blanked."""
    import json

    lines = []
    for cell in json.load(open(path))["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for line in text.splitlines() or [""]:
            lines.append("" if line.strip().startswith(("%", "!")) else line)
    return "\n".join(lines) + "\n"


def fixture_paths():
    """The .py fixtures as they are, and each notebook fixture as a temporary .py of its joined cells."""
    import tempfile

    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".py"):
            yield name, os.path.join(FIXTURES, name)
    for name in sorted(os.listdir(NOTEBOOKS)):
        if name.endswith(".ipynb"):
            tmp = os.path.join(tempfile.mkdtemp(), name[: -len(".ipynb")] + ".py")
            with open(tmp, "w") as f:
                f.write(notebook_source(os.path.join(NOTEBOOKS, name)))
            yield name, tmp


def main():
    failed = 0
    for name, path in fixture_paths():
        only = fixture_versions(open(path).read())
        if only and VERSION not in only:
            print(f"{name}: skipped (PyTorch {only[0]} only)")
            continue
        problems = run_fixture(path)
        status = "ok" if not problems else "MISMATCH"
        print(f"{name}: {status}")
        for p in problems:
            print(f"  {p}")
        failed += bool(problems)
    print(f"{failed} fixture(s) disagree with PyTorch {torch.__version__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
