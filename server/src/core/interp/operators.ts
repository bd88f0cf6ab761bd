// Python operators on evaluator values: arithmetic on (symbolic) ints and floats, sequence
// concatenation/repetition, comparisons and truthiness. Tensor operands are delegated to the
// "Tensor.__op__" shape rules. Anything undecidable yields unknown.

import { exactBitOp, isExactInt } from "../exactness";
import * as D from "../dim";
import { functionRule } from "../ops/registry";
import { bind } from "../ops/args";
import { layoutAfter } from "./layout";
import { passReceptiveField } from "./receptive";
import { percentFormat } from "./format";
import { type Value, bool, float, int, keyOf, list, str, tuple, unknown, isUnknown, nearEdge, FALSE, TRUE } from "../values";

const dunder: Record<string, [string, string]> = {
  "+": ["__add__", "__radd__"],
  "-": ["__sub__", "__rsub__"],
  "*": ["__mul__", "__rmul__"],
  "/": ["__truediv__", "__rtruediv__"],
  "//": ["__floordiv__", "__rfloordiv__"],
  "%": ["__mod__", "__rmod__"],
  "**": ["__pow__", "__rpow__"],
  "@": ["__matmul__", "__rmatmul__"],
  "&": ["__and__", "__rand__"],
  "|": ["__or__", "__ror__"],
  "^": ["__xor__", "__rxor__"],
  "<<": ["__lshift__", "__rlshift__"],
  ">>": ["__rshift__", "__rrshift__"],
  "<": ["__lt__", "__gt__"],
  ">": ["__gt__", "__lt__"],
  "<=": ["__le__", "__ge__"],
  ">=": ["__ge__", "__le__"],
  "==": ["__eq__", "__eq__"],
  "!=": ["__ne__", "__ne__"],
};

export function dunderName(op: string): string | undefined {
  return dunder[op]?.[0];
}

/** Calls the tensor rule for an operator; the tensor operand comes first (reflected name if needed). */
export function tensorOperator(op: string, left: Value, right: Value): Value {
  const names = dunder[op];
  if (!names) return unknown(`operator ${op} on tensors`);
  const tensorFirst = left.kind === "tensor";
  const name = tensorFirst ? names[0] : names[1];
  const rule = functionRule(`Tensor.${name}`);
  if (!rule) return unknown(`Tensor.${name} is not modelled`);
  const args = tensorFirst ? [left, right] : [right, left];
  const call = { args, kwargs: new Map() };
  const out = layoutAfter(`Tensor.${name}`, call, rule.call(bind(`Tensor.${name}`, rule.signature, call)));
  const rf = passReceptiveField(call, out);
  return rf && out.kind === "tensor" ? { ...out, rf } : out;
}

function asNumber(v: Value): D.Dim | number | undefined {
  if (v.kind === "int") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  if (v.kind === "float") return v.v;
  return undefined;
}

function isIntLike(v: Value): boolean {
  return v.kind === "int" || v.kind === "bool";
}

function intOf(v: Value): D.Dim {
  return v.kind === "bool" ? (v.v ? 1 : 0) : (v as { v: D.Dim }).v;
}

/** Integer results past 2^53 are unknown: JavaScript numbers would round them. */
function arith(op: string, a: Value, b: Value): Value | undefined {
  const r = arithUnchecked(op, a, b);
  if (r?.kind === "int" && typeof r.v === "number" && !isExactInt(r.v)) return unknown("integer too large to compute exactly");
  return r;
}

function arithUnchecked(op: string, a: Value, b: Value): Value | undefined {
  if (isIntLike(a) && isIntLike(b)) {
    const x = intOf(a);
    const y = intOf(b);
    switch (op) {
      case "+":
        return int(D.add(x, y));
      case "-":
        return int(D.sub(x, y));
      case "*":
        return int(D.mul(x, y));
      case "//": {
        if (y === 0) return unknown("integer division by zero");
        const r = D.floorDiv(x, y);
        return r === undefined ? unknown("symbolic floor division") : int(r);
      }
      case "%": {
        const r = D.mod(x, y);
        return r === undefined ? unknown("symbolic modulo") : int(r);
      }
      case "/":
        if (typeof x === "number" && typeof y === "number") return y === 0 ? unknown("division by zero") : float(x / y);
        return unknown("true division of a symbolic size");
      case "**":
        if (typeof x === "number" && typeof y === "number") return y >= 0 ? int(x ** y) : float(x ** y);
        return unknown("power of a symbolic size");
      case "&":
      case "|":
      case "^":
      case "<<":
      case ">>":
        if (typeof x === "number" && typeof y === "number") {
          const r = exactBitOp(op, x, y);
          if (r === undefined)
            return unknown(op === "<<" || op === ">>" ? "shift by a negative or huge count" : "bit operation on a huge integer");
          return a.kind === "bool" && b.kind === "bool" && ["&", "|", "^"].includes(op) ? bool(r !== 0) : int(r);
        }
        return unknown("bit operation on a symbolic size");
    }
    return undefined;
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return undefined;
  if (typeof x !== "number" || typeof y !== "number") return unknown("float arithmetic on a symbolic size");
  if ((a.kind === "float" && a.bounds) || (b.kind === "float" && b.bounds))
    return unknown("arithmetic on a float known only within bounds");
  const approx = (a.kind === "float" && a.approx) || (b.kind === "float" && b.approx);
  switch (op) {
    case "+":
      return float(x + y, approx);
    case "-":
      return float(x - y, approx);
    case "*":
      return float(x * y, approx);
    case "/":
      return y === 0 ? unknown("division by zero") : float(x / y, approx);
    case "//":
      return y === 0 ? unknown("division by zero") : float(pyFloatDivmod(x, y)[0], approx);
    case "%":
      return y === 0 ? unknown("modulo by zero") : float(pyFloatDivmod(x, y)[1], approx);
    case "**":
      // V8's pow and C's pow may differ in the last bit.
      return float(x ** y, true);
  }
  return undefined;
}

/** CPython's float divmod (fmod-based, so `1 // 0.1` is 9.0 as in Python, not 10). */
export function pyFloatDivmod(x: number, y: number): [number, number] {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else mod = y < 0 ? -0 : 0;
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = x / y < 0 ? -0 : 0;
  return [floordiv, mod];
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  if (a.kind === "tensor" || b.kind === "tensor") return tensorOperator(op, a, b);
  if (isUnknown(a) || isUnknown(b)) return unknown();
  const r = arith(op, a, b);
  if (r) return r;
  if (op === "+") {
    if (a.kind === "str" && b.kind === "str") return str(a.v + b.v);
    if (a.kind === "list" && b.kind === "list") return list([...a.items, ...b.items]);
    if (a.kind === "tuple" && b.kind === "tuple") return tuple([...a.items, ...b.items]);
  }
  if (op === "*") {
    const [seq, n] = isIntLike(b) ? [a, b] : [b, a];
    if (isIntLike(n) && (seq.kind === "list" || seq.kind === "tuple" || seq.kind === "str")) {
      const k = intOf(n);
      if (typeof k !== "number") return unknown("sequence repeated a symbolic number of times");
      if (k > 100000) return unknown("sequence too long");
      if (seq.kind === "str") return str(seq.v.repeat(Math.max(0, k)));
      const items: Value[] = [];
      for (let i = 0; i < k; i++) items.push(...seq.items);
      return seq.kind === "list" ? list(items) : tuple(items);
    }
  }
  if (op === "%" && a.kind === "str") {
    const s = percentFormat(a.v, b);
    return s === undefined ? unknown("%-formatting") : str(s);
  }
  if (op === "|" && a.kind === "dict" && b.kind === "dict") {
    return { kind: "dict", entries: new Map([...a.entries, ...b.entries]) };
  }
  return unknown(`operator ${op} on ${a.kind} and ${b.kind}`);
}

/** Three-valued truthiness. */
export function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case "bool":
      return v.v;
    case "int":
      return typeof v.v === "number" ? v.v !== 0 : undefined;
    case "float":
      return v.v !== 0;
    case "str":
      return v.v.length > 0;
    case "none":
      return false;
    case "tuple":
    case "list":
      return v.items.length > 0;
    case "dict":
      return v.entries.size > 0;
    case "set":
      return v.entries.size > 0;
    case "unknown":
      return undefined;
    case "tensor":
      return undefined;
    default:
      return true;
  }
}

/** Structural equality; undefined when it depends on unknown or symbolic values. */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (isUnknown(a) || isUnknown(b)) return undefined;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) {
    if (typeof na === "number" && typeof nb === "number") {
      const lo = (v: Value, x: number) => (v.kind === "float" && v.bounds ? v.bounds : [x, x]);
      const [al, ah] = lo(a, na);
      const [bl, bh] = lo(b, nb);
      if (al !== ah || bl !== bh) return ah < bl || bh < al ? false : undefined;
      if (((a.kind === "float" && a.approx) || (b.kind === "float" && b.approx)) && nearEdge(na, nb)) return undefined;
    }
    return D.knownEqual(na, nb);
  }
  if (a.kind !== b.kind) {
    if (a.kind === "none" || b.kind === "none") return false;
    if ((a.kind === "tuple" || a.kind === "list") && (b.kind === "tuple" || b.kind === "list")) {
      // torch.Size == tuple compares by items; list == tuple is False in Python.
      if (!(a.kind === "tuple" && b.kind === "tuple")) return false;
    } else return false;
  }
  switch (a.kind) {
    case "str":
      return a.v === (b as typeof a).v;
    case "none":
    case "ellipsis":
      return true;
    case "tuple":
    case "list": {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      let all: boolean | undefined = true;
      for (let i = 0; i < bi.length; i++) {
        const e = valuesEqual(a.items[i], bi[i]);
        if (e === false) return false;
        if (e === undefined) all = undefined;
      }
      return all;
    }
    case "tensor":
      return undefined;
    default:
      if (a === b) return true;
      if (["instance", "class", "function", "builtin", "pymodule", "opaque"].includes(a.kind)) return keyOf(a) === keyOf(b);
      return undefined;
  }
}

function compareNumbers(op: string, x: D.Dim, y: D.Dim): boolean | undefined {
  if (typeof x === "number" && typeof y === "number") {
    switch (op) {
      case "<":
        return x < y;
      case ">":
        return x > y;
      case "<=":
        return x <= y;
      case ">=":
        return x >= y;
    }
    return undefined;
  }
  const d = D.sub(x, y);
  if (typeof d === "number") return compareNumbers(op, d, 0);
  return undefined;
}

function compareSeq(op: string, a: Value[], b: Value[]): boolean | undefined {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const e = valuesEqual(a[i], b[i]);
    if (e === undefined) return undefined;
    if (!e) {
      const r = compare(op, a[i], b[i]);
      return r.kind === "bool" ? r.v : undefined;
    }
  }
  return compareNumbers(op, a.length, b.length);
}

/** One comparison (`a < b`, `a in b`, `a is None`, ...). */
export function compare(op: string, a: Value, b: Value): Value {
  if ((a.kind === "tensor" || b.kind === "tensor") && dunder[op]) return tensorOperator(op, a, b);
  switch (op) {
    case "==":
    case "!=": {
      const e = valuesEqual(a, b);
      if (e === undefined) return unknown();
      return bool(op === "==" ? e : !e);
    }
    case "is":
    case "is not": {
      if (isUnknown(a) || isUnknown(b)) return unknown();
      let same: boolean;
      if (a.kind === "none" || b.kind === "none") same = a.kind === b.kind;
      else if (a.kind === "bool" && b.kind === "bool") same = a.v === b.v;
      else if (a.kind === "tensor" || b.kind === "tensor") return unknown();
      else same = a === b || (keyOf(a) === keyOf(b) && !keyOf(a).startsWith("?") && a.kind === b.kind);
      return bool(op === "is" ? same : !same);
    }
    case "in":
    case "not in": {
      const r = contains(b, a);
      if (r === undefined) return unknown();
      return bool(op === "in" ? r : !r);
    }
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) {
    const ends = (v: Value, x: number): [number, number] => (v.kind === "float" && v.bounds ? v.bounds : [x, x]);
    if (typeof x === "number" && typeof y === "number" && ((a.kind === "float" && a.bounds) || (b.kind === "float" && b.bounds))) {
      // Decide on the interval's ends: only an answer both ends agree on is known.
      const [xl, xh] = ends(a, x);
      const [yl, yh] = ends(b, y);
      const r1 = compareNumbers(op, xl, yh);
      const r2 = compareNumbers(op, xh, yl);
      return r1 !== undefined && r1 === r2 && !(xl <= yh && yl <= xh && (op === "<=" || op === ">=")) ? bool(r1) : unknown();
    }
    const approx = (a.kind === "float" && a.approx) || (b.kind === "float" && b.approx);
    if (approx && typeof x === "number" && typeof y === "number" && nearEdge(x, y))
      return unknown("comparison of nearly equal approximate floats");
    const r = compareNumbers(op, x, y);
    return r === undefined ? unknown() : bool(r);
  }
  if (a.kind === "str" && b.kind === "str") {
    const r = op === "<" ? a.v < b.v : op === ">" ? a.v > b.v : op === "<=" ? a.v <= b.v : a.v >= b.v;
    return bool(r);
  }
  if ((a.kind === "tuple" || a.kind === "list") && (b.kind === "tuple" || b.kind === "list")) {
    const r = compareSeq(op, a.items, b.items);
    return r === undefined ? unknown() : bool(r);
  }
  return unknown();
}

export function contains(container: Value, item: Value): boolean | undefined {
  switch (container.kind) {
    case "str":
      return item.kind === "str" ? container.v.includes(item.v) : undefined;
    case "tuple":
    case "list": {
      let result: boolean | undefined = false;
      for (const x of container.items) {
        const e = valuesEqual(x, item);
        if (e === true) return true;
        if (e === undefined) result = undefined;
      }
      return result;
    }
    case "dict":
      return isUnknown(item) ? undefined : container.entries.has(keyOf(item));
    case "set":
      return isUnknown(item) ? undefined : container.entries.has(keyOf(item));
    default:
      return undefined;
  }
}

export function notValue(v: Value): Value {
  const t = truthy(v);
  return t === undefined ? unknown() : t ? FALSE : TRUE;
}
