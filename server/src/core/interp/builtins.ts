// Python's built-in functions and classes as model code uses them: range, len, int, min/max, sum,
// enumerate, zip, sorted, isinstance, getattr/hasattr/setattr, super, print, exceptions, ...

import {
  type CallArgs,
  type ClassV,
  NONE,
  ELLIPSIS,
  type Value,
  bool,
  builtinFn,
  float,
  int,
  keyOf,
  list,
  str,
  tuple,
  unknown,
  isUnknown,
  nearEdge,
  TRUE,
  FALSE,
  describe,
} from "../values";
import type { EvalContext } from "./context";
import { iterate, rangeValues } from "./iteration";
import { binaryOp, compare, truthy } from "./operators";
import { isSubclass, isModule } from "./classes";
import { getAttr } from "./attributes";
import { attrsDict, setAttr } from "./attributes";
import { UNKNOWN_ATTRS, attributeMissing } from "./hasattr";
import { LEGACY_TENSOR_TYPES } from "./legacyTensors";
import { formatValue } from "./format";
import { systemExit } from "./signals";
import { containsModuleCycle, raiseModuleCycle } from "../moduleGraph";
import { knownAbsent } from "./torch2api";
import { tensorToScalar } from "../ops/values/indexing";
import { stripValues } from "../ops/values/store";

function concrete(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === "int" && typeof v.v === "number") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  return undefined;
}

function lengthOf(v: Value): Value {
  switch (v.kind) {
    case "list":
      return v.poisoned ? unknown() : int(v.items.length);
    case "tuple":
      return int(v.items.length);
    case "str":
      return int(v.v.length);
    case "dict":
      return v.poisoned ? unknown() : int(v.entries.size);
    case "set":
      return int(v.entries.size);
    case "tensor":
      return v.shape && !v.lead && v.shape.length ? int(v.shape[0]) : unknown();
    case "instance":
      return v.modules ? int(v.modules.size) : unknown();
    default:
      return unknown();
  }
}

export function classOf(v: Value): ClassV | undefined {
  if (v.kind === "instance") return v.cls;
  const name = {
    int: "int",
    float: "float",
    bool: "bool",
    str: "str",
    list: "list",
    tuple: "tuple",
    dict: "dict",
    none: "NoneType",
    set: "set",
  }[v.kind as string];
  return name ? (table.get(name) as ClassV | undefined) : undefined;
}

function isInstance(v: Value, spec: Value): Value {
  if (isUnknown(v) || isUnknown(spec)) return unknown();
  if (spec.kind === "tuple") {
    let result: Value = FALSE;
    for (const s of spec.items) {
      const r = isInstance(v, s);
      if (r.kind === "bool" && r.v) return TRUE;
      if (r.kind === "unknown") result = r;
    }
    return result;
  }
  if (spec.kind !== "class") return unknown();
  if (v.kind === "tensor" && spec.name !== "Tensor" && LEGACY_TENSOR_TYPES[spec.name] && spec.qualname === spec.name)
    return v.dtype ? bool(v.dtype === LEGACY_TENSOR_TYPES[spec.name]) : unknown("the tensor's dtype is not known");
  if (v.kind === "tensor") return bool(spec.name === "Tensor" || spec.name === "Parameter" ? spec.name === "Tensor" || !!v.isParam : false);
  if (v.kind === "instance") return bool(isSubclass(v.cls, spec));
  const name = spec.name;
  // Plain Python values are never tensors (DenseNet's forward accepts a tensor or a list of them).
  if ((name === "Tensor" || name === "Parameter") && ["int", "float", "bool", "str", "none", "list", "tuple", "dict"].includes(v.kind))
    return FALSE;
  const map: Record<string, string[]> = {
    int: ["int"],
    float: ["float"],
    bool: ["bool", "int"],
    str: ["str"],
    list: ["list"],
    tuple: ["tuple"],
    dict: ["dict"],
    set: ["set"],
    NoneType: ["none"],
  };
  const kinds = Object.entries(map).filter(([, names]) => names.includes(name));
  if (name === "int") return bool(v.kind === "int" || v.kind === "bool");
  if (kinds.length || ["int", "float", "str", "list", "tuple", "dict", "set"].includes(name)) {
    const expect: Record<string, string> = {
      float: "float",
      str: "str",
      list: "list",
      tuple: "tuple",
      dict: "dict",
      set: "set",
      bool: "bool",
    };
    return bool(v.kind === expect[name]);
  }
  if (v.kind === "class" || v.kind === "function" || v.kind === "builtin") return FALSE;
  return unknown();
}

function minMax(c: CallArgs, pickMax: boolean, ctx: EvalContext): Value {
  const items = c.args.length === 1 ? iterate(ctx, c.args[0]) : c.args;
  if (!items || !items.length) return c.kwargs.get("default") ?? unknown();
  if (c.kwargs.has("key")) return unknown("min/max with key");
  let best = items[0];
  for (const x of items.slice(1)) {
    const r = compare(pickMax ? ">" : "<", x, best);
    if (r.kind !== "bool") {
      // Symbolic sizes: keep min/max only when every candidate is the same value.
      return unknown("min/max of values that cannot be compared");
    }
    if (r.v) best = x;
  }
  return best;
}

function toIntValue(v: Value): Value {
  switch (v.kind) {
    case "int":
      return v;
    case "bool":
      return int(v.v ? 1 : 0);
    case "float":
      if (v.bounds) return Math.trunc(v.bounds[0]) === Math.trunc(v.bounds[1]) ? int(Math.trunc(v.v)) : unknown();
      if (v.approx && nearEdge(v.v, Math.round(v.v))) return unknown("int() of an approximate float next to an integer");
      return Number.isFinite(v.v) ? int(Math.trunc(v.v)) : unknown();
    case "str": {
      const n = Number(v.v.trim());
      return Number.isInteger(n) ? int(n) : unknown();
    }
    case "tensor":
      return tensorToScalar(v, "int") ?? unknown();
    default:
      return unknown();
  }
}

function roundValue(c: CallArgs): Value {
  const v = c.args[0];
  const nd = c.args[1] ?? c.kwargs.get("ndigits");
  if (!v) return unknown();
  if (v.kind === "int") return v;
  if (v.kind !== "float") return unknown();
  if (nd && nd.kind !== "none") {
    const k = concrete(nd);
    if (k === undefined) return unknown();
    return float(Number(v.v.toFixed(k)), true); // toFixed breaks exact ties upward, Python to even
  }
  // Python rounds half to even.
  const f = Math.floor(v.v);
  const diff = v.v - f;
  if (v.bounds || (v.approx && nearEdge(diff, 0.5))) return unknown("round() of an approximate float next to .5");
  if (diff > 0.5) return int(f + 1);
  if (diff < 0.5) return int(f);
  return int(f % 2 === 0 ? f : f + 1);
}

function sumValues(c: CallArgs, ctx: EvalContext): Value {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  if (!items) return unknown();
  let acc: Value = c.args[1] ?? int(0);
  for (const x of items) acc = binaryOp("+", acc, x);
  return acc;
}

const table = new Map<string, Value>();

function def(name: string, fn: (c: CallArgs, ctx: EvalContext) => Value): void {
  table.set(name, builtinFn(name, fn));
}

function simpleClass(name: string, construct?: (c: CallArgs, ctx: EvalContext) => Value): ClassV {
  const cls: ClassV = { kind: "class", name, qualname: `builtins.${name}`, bases: [], attrs: new Map() };
  cls.builtin = { typeName: name, construct: construct ?? (() => ({ kind: "opaque", name })) };
  table.set(name, cls);
  return cls;
}

simpleClass("int", (c) => (c.args[0] ? toIntValue(c.args[0]) : int(0)));
simpleClass("float", (c) => {
  const v = c.args[0];
  if (!v) return float(0);
  if (v.kind === "float") return v;
  if ((v.kind === "int" && typeof v.v === "number") || v.kind === "bool") return float(concrete(v)!);
  if (v.kind === "tensor") return tensorToScalar(v, "float") ?? unknown();
  if (v.kind === "str") {
    const t = v.v.trim().toLowerCase();
    return float(t === "inf" ? Infinity : t === "-inf" ? -Infinity : Number(t));
  }
  return unknown();
});
simpleClass("bool", (c) => {
  const t = c.args[0] ? truthy(c.args[0]) : false;
  return t === undefined ? unknown() : bool(t);
});
simpleClass("str", (c) => {
  const s = c.args[0] ? formatValue(c.args[0]) : "";
  return s === undefined ? unknown() : str(s);
});
simpleClass("list", (c, ctx) => {
  if (!c.args[0]) return list([]);
  const items = iterate(ctx, c.args[0]);
  return items ? list([...items]) : unknown();
});
simpleClass("tuple", (c, ctx) => {
  if (!c.args[0]) return tuple([]);
  const items = iterate(ctx, c.args[0]);
  return items ? tuple([...items]) : unknown();
});
simpleClass("dict", (c, ctx) => {
  const entries = new Map<string, [Value, Value]>();
  const src = c.args[0];
  if (src?.kind === "dict") for (const [k, e] of src.entries) entries.set(k, e);
  else if (src) {
    const items = iterate(ctx, src);
    if (!items) return unknown();
    for (const it of items) {
      const kv = iterate(ctx, it);
      if (!kv || kv.length !== 2 || isUnknown(kv[0])) return unknown();
      entries.set(keyOf(kv[0]), [kv[0], kv[1]]);
    }
  }
  for (const [k, v] of c.kwargs) entries.set(`s:${k}`, [str(k), v]);
  return { kind: "dict", entries };
});
simpleClass("set", (c, ctx) => {
  const entries = new Map<string, Value>();
  if (c.args[0]) {
    const items = iterate(ctx, c.args[0]);
    if (!items) return unknown();
    for (const x of items) {
      // Unknown or unhashable-looking items would collapse onto one key.
      if (keyOf(x).startsWith("?:")) return unknown("set of values that cannot be compared");
      entries.set(keyOf(x), x);
    }
  }
  return { kind: "set", entries };
});
simpleClass("frozenset", (c, ctx) => (table.get("set") as ClassV).builtin!.construct!(c, ctx));
// `object.__setattr__(self, name, v)` skips nn.Module's registration: a plain attribute.
simpleClass("object").attrs.set(
  "__setattr__",
  builtinFn("object.__setattr__", (c) => {
    const [o, n, v] = c.args;
    if (o?.kind === "instance" && n?.kind === "str" && v) {
      o.attrs.set(n.v, v);
      return NONE;
    }
    if (o?.kind === "instance" && o.modules) o.attrs.set("__uncertain_modules__", str("yes"));
    return NONE;
  }),
);
simpleClass("NoneType");
for (const e of [
  "Exception",
  "BaseException",
  "ValueError",
  "TypeError",
  "RuntimeError",
  "NotImplementedError",
  "KeyError",
  "IndexError",
  "AttributeError",
  "AssertionError",
  "ImportError",
  "ModuleNotFoundError",
  "StopIteration",
  "Warning",
  "UserWarning",
  "DeprecationWarning",
]) {
  simpleClass(e, (c) => ({ kind: "opaque", name: `${e}(${c.args.map((a) => formatValue(a) ?? "?").join(", ")})` }));
}

def("range", (c) => {
  const a = c.args.map(concrete);
  if (a.some((x) => x === undefined) || !a.length) return unknown("range over values that are not known");
  const [start, stop, step] = a.length === 1 ? [0, a[0]!, 1] : [a[0]!, a[1]!, a[2] ?? 1];
  const r = rangeValues(start, stop, step);
  return r ? list(r) : unknown("range too long");
});
def("len", (c) => (c.args[0] ? lengthOf(c.args[0]) : unknown()));
def("min", (c, ctx) => minMax(c, false, ctx));
def("max", (c, ctx) => minMax(c, true, ctx));
def("sum", sumValues);
def("abs", (c) => {
  const v = c.args[0];
  if (v?.kind === "int") return typeof v.v === "number" ? int(Math.abs(v.v)) : unknown();
  if (v?.kind === "float") return float(Math.abs(v.v));
  if (v?.kind === "tensor") return stripValues(v);
  return unknown();
});
def("round", roundValue);
def("divmod", (c) => {
  const [a, b] = c.args.map(concrete);
  if (a === undefined || b === undefined || b === 0) return unknown();
  return tuple([int(Math.floor(a / b)), int(a - Math.floor(a / b) * b)]);
});
def("pow", (c) => {
  const [a, b] = c.args.map(concrete);
  return a === undefined || b === undefined ? unknown() : b >= 0 ? int(a ** b) : float(a ** b);
});
def("enumerate", (c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  const start = concrete(c.args[1] ?? c.kwargs.get("start")) ?? 0;
  return items ? list(items.map((x, i) => tuple([int(start + i), x]))) : unknown();
});
def("zip", (c, ctx) => {
  const seqs = c.args.map((a) => iterate(ctx, a));
  if (seqs.some((s) => !s)) return unknown();
  const n = Math.min(...seqs.map((s) => s!.length));
  return list(Array.from({ length: n }, (_, i) => tuple(seqs.map((s) => s![i]))));
});
def("reversed", (c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  return items ? list([...items].reverse()) : unknown();
});
def("sorted", (c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  if (!items || c.kwargs.has("key")) return unknown();
  const sorted = [...items];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0; j--) {
      const r = compare("<", sorted[j], sorted[j - 1]);
      if (r.kind !== "bool") return unknown();
      if (!r.v) break;
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  const rev = c.kwargs.get("reverse");
  if (rev && truthy(rev)) sorted.reverse();
  return list(sorted);
});
def("any", (c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  if (!items) return unknown();
  let r: Value = FALSE;
  for (const x of items) {
    const t = truthy(x);
    if (t === true) return TRUE;
    if (t === undefined) r = unknown();
  }
  return r;
});
def("all", (c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  if (!items) return unknown();
  let r: Value = TRUE;
  for (const x of items) {
    const t = truthy(x);
    if (t === false) return FALSE;
    if (t === undefined) r = unknown();
  }
  return r;
});
def("map", (c, ctx) => {
  const seqs = c.args.slice(1).map((a) => iterate(ctx, a));
  if (!c.args[0] || seqs.some((s) => !s)) return unknown();
  const n = Math.min(...seqs.map((s) => s!.length));
  return list(
    Array.from({ length: n }, (_, i) =>
      ctx.interp.callValue(ctx, c.args[0], { args: seqs.map((s) => s![i]), kwargs: new Map() }, ctx.currentCall!, ctx.currentFile),
    ),
  );
});
def("filter", (c, ctx) => {
  const items = c.args[1] ? iterate(ctx, c.args[1]) : undefined;
  if (!items) return unknown();
  const out: Value[] = [];
  for (const x of items) {
    const keep =
      c.args[0].kind === "none"
        ? truthy(x)
        : truthy(ctx.interp.callValue(ctx, c.args[0], { args: [x], kwargs: new Map() }, ctx.currentCall!, ctx.currentFile));
    if (keep === undefined) return unknown();
    if (keep) out.push(x);
  }
  return list(out);
});
def("isinstance", (c) => (c.args.length === 2 ? isInstance(c.args[0], c.args[1]) : unknown()));
def("issubclass", (c) => {
  const [a, b] = c.args;
  if (a?.kind !== "class") return unknown();
  if (b?.kind === "class") return bool(isSubclass(a, b));
  if (b?.kind === "tuple") return bool(b.items.some((x) => x.kind === "class" && isSubclass(a, x)));
  return unknown();
});
def("callable", (c) =>
  bool(["function", "builtin", "class", "bound", "partial"].includes(c.args[0]?.kind ?? "") || isModule(c.args[0] ?? NONE)),
);
def("hasattr", (c, ctx) => {
  const [o, n] = c.args;
  if (n?.kind !== "str" || !o) return unknown();
  if (o.kind === "pymodule" && knownAbsent(o, n.v)) return FALSE;
  const v = getAttr(ctx, o, n.v, ctx.currentCall!, ctx.currentFile);
  if (v.kind !== "unknown") return TRUE;
  return attributeMissing(o, n.v, ctx.skippedWrites) ? FALSE : unknown(`whether ${describe(o)} has '${n.v}' is not known`);
});
def("getattr", (c, ctx) => {
  const [o, n, dflt] = c.args;
  if (n?.kind !== "str" || !o) return unknown();
  if (dflt && o.kind === "pymodule" && knownAbsent(o, n.v)) return dflt;
  const v = getAttr(ctx, o, n.v, ctx.currentCall!, ctx.currentFile);
  if (v.kind === "unknown" && dflt) {
    // Only a known-missing attribute takes the default.
    return attributeMissing(o, n.v, ctx.skippedWrites) ? dflt : unknown(`whether ${describe(o)} has '${n.v}' is not known`);
  }
  return v;
});
def("setattr", (c, ctx) => {
  const [o, n, v] = c.args;
  if (n?.kind === "str" && o && v) setAttr(ctx, o, n.v, v, ctx.currentCall!, ctx.currentFile);
  // A name the engine cannot read may register a submodule or a parameter it will never see.
  else if (o?.kind === "instance" && o.modules) o.attrs.set("__uncertain_modules__", str("yes"));
  else if (o?.kind === "instance") o.attrs.set(UNKNOWN_ATTRS, str("yes"));
  return NONE;
});
// Printing a module that contains itself recurses in its repr until Python gives up.
def("print", (c, ctx) => {
  if (c.args.some((a) => a.kind === "instance" && a.modules && containsModuleCycle(a))) raiseModuleCycle(ctx);
  return NONE;
});
def("exit", systemExit);
def("quit", systemExit);
def("id", () => unknown());
def("hash", () => unknown());
def("iter", (c) => c.args[0] ?? unknown());
def("next", () => unknown("next() is not modelled"));
def("repr", (c) => {
  const s = c.args[0] ? formatValue(c.args[0], true) : undefined;
  return s === undefined ? unknown() : str(s);
});
def("type", (c) => (c.args.length === 1 ? (classOf(c.args[0]) ?? unknown()) : unknown()));
def("super", (c, ctx) => {
  if (c.args.length === 2 && c.args[0].kind === "class") return { kind: "super", cls: c.args[0], self: c.args[1] };
  void ctx;
  return unknown("super() outside a method");
});
def("vars", (c) => (c.args[0]?.kind === "instance" ? attrsDict(c.args[0]) : unknown()));
def("globals", () => unknown());
def("locals", () => unknown());
def("open", () => unknown());
def("format", (c) => {
  const s = c.args[0] ? formatValue(c.args[0]) : undefined;
  return s === undefined || c.args[1] ? unknown() : str(s);
});

/** Symbols Python provides without import. */
export function lookupBuiltin(name: string): Value | undefined {
  if (name === "__name__") return str("__shapelens__");
  if (name === "NotImplemented") return { kind: "opaque", name: "NotImplemented" };
  if (name === "Ellipsis") return ELLIPSIS;
  return table.get(name);
}
