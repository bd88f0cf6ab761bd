// Value-aware reductions and scans: torch.diff (shape rule included), full sum/prod/max/min/amax/
// amin, and cumsum. Float sums are given values only when every partial sum is exact, since
// PyTorch's vectorized summation order is not emulated; cumsum accumulates sequentially in double
// (PyTorch's CPU accumulate type), which is emulated exactly.

import { giveUp, shapeError } from "../../errors";
import { NONE, Value, int, tensor } from "../../values";
import { normalizeDim, toInt } from "../args";
import { selfTensor } from "../broadcast";
import { castVals } from "./compute";
import { defineAware, extend } from "./extend";
import { VDtype, checkInt, isFloat, noValues, roundTo } from "./numeric";
import { Vals, attach, isExact, numel, valsOf } from "./store";

function exactOf(v: Value): Vals {
  const vals = valsOf(v);
  if (!vals || !isExact(vals)) noValues("values are not known exactly");
  return vals;
}

function selfArg(b: { values: Map<string, Value> }): Value {
  return b.values.get("self") ?? b.values.get("input") ?? noValues("no tensor");
}

/** Index lists of the 1-D lines along `dim` (each line's flat indices in order). */
function lines(shape: number[], dim: number): number[][] {
  const inner = numel(shape.slice(dim + 1));
  const outer = numel(shape.slice(0, dim));
  const n = shape[dim];
  const out: number[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out.push(Array.from({ length: n }, (_, k) => (o * n + k) * inner + i));
  }
  return out;
}

function diffOnce(v: Vals, dim: number): Vals {
  const shape = [...v.shape];
  const n = shape[dim];
  shape[dim] = Math.max(0, n - 1);
  const src = lines(v.shape, dim);
  const data = new Array<number>(numel(shape));
  const dst = lines(shape, dim);
  const d = v.dtype;
  src.forEach((line, li) => {
    for (let k = 0; k + 1 < line.length; k++) {
      const [a, b] = [v.lo[line[k + 1]], v.lo[line[k]]];
      // Bool tensors differ by logical xor.
      data[dst[li][k]] = d === "bool" ? (a !== b ? 1 : 0) : isFloat(d) ? roundTo(d, a - b) : checkInt(d, a - b);
    }
  });
  return { dtype: d, shape, lo: data, hi: data };
}

defineAware({
  names: ["torch.diff", "Tensor.diff"],
  signature: {
    params: [
      { name: "input" },
      { name: "n", default: int(1) },
      { name: "dim", default: int(-1) },
      { name: "prepend", default: NONE },
      { name: "append", default: NONE },
    ],
  },
  call(b) {
    const t = selfTensor(b, "input");
    if (b.has("prepend") || b.has("append")) giveUp("diff with prepend/append");
    if (!t.shape || t.lead) giveUp("the shape of input is not known");
    if (t.shape.length === 0) shapeError("invalid-argument", "diff expects input to be at least one-dimensional");
    const n = toInt(b.get("n"), "n");
    if (n < 0) shapeError("invalid-argument", `order must be non-negative but got ${n}`);
    const dim = normalizeDim(toInt(b.get("dim"), "dim"), t.shape.length);
    const size = t.shape[dim];
    if (typeof size !== "number") giveUp("diff along a symbolic dimension");
    const shape = [...t.shape];
    shape[dim] = Math.max(0, size - n);
    const out = tensor(shape, { dtype: t.dtype });
    try {
      let v = exactOf(t);
      for (let k = 0; k < n; k++) v = diffOnce(v, dim);
      return attach(out, v);
    } catch {
      return out;
    }
  },
});

/** Exact sum of doubles when every partial sum is exact in the dtype (any order then agrees). */
function exactSum(xs: number[], d: VDtype): number {
  if (!isFloat(d)) {
    let s = 0;
    for (const x of xs) s = checkInt("int64", s + x);
    return s;
  }
  if (xs.some((x) => !Number.isFinite(x))) noValues("non-finite sum");
  const limit = d === "float32" ? 2 ** 24 : 2 ** 53;
  for (let k = 0; k <= 60; k++) {
    const s = 2 ** k;
    if (!xs.every((x) => Number.isInteger(x * s))) continue;
    const total = xs.reduce((a, x) => a + Math.abs(x * s), 0);
    if (total >= limit) noValues("float sum may round");
    return xs.reduce((a, x) => a + x, 0);
  }
  return noValues("float sum may round");
}

/** Full reductions only (no dim, no dtype=). */
function fullReduction(b: { has(n: string): boolean; values: Map<string, Value> }): Vals {
  if (b.has("dim") || b.has("dtype")) noValues("reduction over dims");
  return exactOf(selfArg(b));
}

const INT_ACC = (d: VDtype): VDtype => (isFloat(d) ? d : "int64");

extend(["torch.sum", "Tensor.sum"], ["dtype"], (b, out) => {
  const v = fullReduction(b);
  const d = INT_ACC(v.dtype);
  const s = exactSum(castVals(v, d).lo, d);
  // Bool and integer inputs sum into int64 (the shape rule keeps the input dtype).
  const res = out.kind === "tensor" && out.dtype !== d ? { ...out, dtype: d } : out;
  return attach(res, { dtype: d, shape: [], lo: [s], hi: [s] });
});

extend(["torch.prod", "Tensor.prod"], ["dtype"], (b, out) => {
  const v = fullReduction(b);
  if (isFloat(v.dtype)) noValues("float products round");
  const p = castVals(v, "int64").lo.reduce((a, x) => checkInt("int64", a * x), 1);
  return attach(out, { dtype: "int64", shape: [], lo: [p], hi: [p] });
});

for (const [names, pickMax] of [
  [["torch.max", "Tensor.max", "torch.amax", "Tensor.amax"], true],
  [["torch.min", "Tensor.min", "torch.amin", "Tensor.amin"], false],
] as [string[], boolean][]) {
  extend(names, [], (b, out) => {
    // torch.max's dim defaults to a "missing" marker (not None): any tensor result of rank 0 is the full reduction.
    if (b.has("other") || out.kind !== "tensor" || !out.shape || out.shape.length !== 0) noValues("max/min over dims");
    const dim = b.get("dim");
    if (dim.kind === "int" || dim.kind === "tuple" || dim.kind === "list" || dim.kind === "tensor") noValues("max/min over dims");
    const v = exactOf(selfArg(b));
    if (!v.lo.length) noValues("empty");
    const r = v.lo.some((x) => Number.isNaN(x)) ? NaN : v.lo.reduce((a, x) => (pickMax ? (x > a ? x : a) : x < a ? x : a));
    return attach(out, { dtype: v.dtype, shape: [], lo: [r], hi: [r] });
  });
}

extend(["torch.cumsum", "Tensor.cumsum"], ["dtype"], (b, out) => {
  if (b.has("dtype")) noValues("dtype=");
  const v = exactOf(selfArg(b));
  const dim = normalizeDim(toInt(b.get("dim"), "dim"), v.shape.length);
  const d = INT_ACC(v.dtype);
  const x = castVals(v, d).lo;
  const data = new Array<number>(x.length);
  const ls = v.shape.length ? lines(v.shape, dim) : [[0]];
  for (const line of ls) {
    let acc = 0;
    for (const i of line) {
      acc = isFloat(d) ? acc + x[i] : checkInt(d, acc + x[i]);
      data[i] = isFloat(d) ? roundTo(d, acc) : acc;
    }
  }
  // The shape rule keeps the input dtype; integer inputs accumulate into int64.
  const res = out.kind === "tensor" && out.dtype !== d ? { ...out, dtype: d } : out;
  return attach(res, { dtype: d, shape: v.shape, lo: data, hi: data });
});
