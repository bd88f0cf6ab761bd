// Elementwise value computation: broadcasting, casts, binary arithmetic and comparisons in the
// promoted dtype, and unary math. Each element is an interval [lo, hi]; exact inputs give exact
// outputs except for log/exp/pow, whose results are widened by a few ulps around our correctly
// rounded value because PyTorch's kernels need not round the same way.

import {
  NoValues,
  TRANSCENDENTAL_ULPS,
  VDtype,
  castValue,
  checkInt,
  floorDiv,
  isFloat,
  isIntegral,
  noValues,
  pyMod,
  roundHalfEven,
  roundTo,
  stepFloat,
} from "./numeric";
import { Operand, resultType } from "./promote";
import { Vals, isExact, numel } from "./store";

/** Flat input index for every flat output index of a broadcast. */
function broadcastIndex(shape: number[], out: number[]): number[] {
  const n = numel(out);
  const pad = out.length - shape.length;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  const idx = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    let rem = k;
    let off = 0;
    for (let d = out.length - 1; d >= 0; d--) {
      const c = rem % out[d];
      rem = Math.floor(rem / out[d]);
      if (d >= pad) off += c * strides[d - pad];
    }
    idx[k] = off;
  }
  return idx;
}

export function broadcastShapes(shapes: number[][]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x === 1) continue;
      if (d !== 1 && d !== x) noValues("shapes do not broadcast");
      d = x;
    }
    out.push(d);
  }
  return out;
}

/** Elementwise cast; integer and bool results must be exact. */
export function castVals(v: Vals, to: VDtype): Vals {
  if (v.dtype === to) return v;
  const lo = v.lo.map((x) => castValue(x, v.dtype, to));
  const hi = v.hi.map((x, i) => (Object.is(x, v.lo[i]) ? lo[i] : castValue(x, v.dtype, to)));
  const out: Vals = { dtype: to, shape: v.shape, lo, hi };
  if (!isFloat(to) && !isExact(out)) noValues("an inexact value converted to an integer");
  // An interval straddling zero would convert to both False and True.
  if (to === "bool" && v.lo.some((x, i) => x <= 0 && v.hi[i] >= 0 && !Object.is(x, v.hi[i]))) noValues("inexact bool");
  return out;
}

type Fn2 = (x: number, y: number) => number;

/** Applies f to broadcast pairs; for inexact pairs f must be monotone in each argument. */
function map2(a: Vals, b: Vals, dtype: VDtype, f: Fn2, widen = 0): Vals {
  const shape = broadcastShapes([a.shape, b.shape]);
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k < ia.length; k++) {
    const [alo, ahi, blo, bhi] = [a.lo[ia[k]], a.hi[ia[k]], b.lo[ib[k]], b.hi[ib[k]]];
    if (Object.is(alo, ahi) && Object.is(blo, bhi)) {
      const r = f(alo, blo);
      lo.push(widen ? stepFloat(dtype, r, widen, -1) : r);
      hi.push(widen ? stepFloat(dtype, r, widen, 1) : r);
      continue;
    }
    const cs = [f(alo, blo), f(alo, bhi), f(ahi, blo), f(ahi, bhi)];
    if (cs.some((c) => Number.isNaN(c))) noValues("NaN within an inexact result");
    lo.push(stepFloat(dtype, Math.min(...cs), widen, -1));
    hi.push(stepFloat(dtype, Math.max(...cs), widen, 1));
  }
  return { dtype, shape, lo, hi };
}

/** Exact results of transcendental functions every implementation agrees on are not widened. */
function map2Transcendental(a: Vals, b: Vals, dtype: VDtype, f: Fn2, exact: (x: number, y: number) => number | undefined): Vals {
  const plain = map2(a, b, dtype, f, TRANSCENDENTAL_ULPS);
  const shape = plain.shape;
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  for (let k = 0; k < ia.length; k++) {
    const [alo, ahi, blo, bhi] = [a.lo[ia[k]], a.hi[ia[k]], b.lo[ib[k]], b.hi[ib[k]]];
    if (!Object.is(alo, ahi) || !Object.is(blo, bhi)) continue;
    const e = exact(alo, blo);
    if (e !== undefined) plain.lo[k] = plain.hi[k] = e;
  }
  return plain;
}

export type BinOp = "add" | "sub" | "mul" | "truediv" | "floordiv" | "mod" | "pow";
export type CmpOp = "lt" | "le" | "gt" | "ge" | "eq" | "ne";

function arith(op: BinOp, d: VDtype): Fn2 {
  const r = (x: number) => (isFloat(d) ? roundTo(d, x) : checkInt(d, x));
  switch (op) {
    case "add":
      if (d === "bool") return (x, y) => (x || y ? 1 : 0);
      return (x, y) => r(x + y);
    case "sub":
      if (d === "bool") noValues("bool subtraction raises");
      return (x, y) => r(x - y);
    case "mul":
      if (d === "bool") return (x, y) => (x && y ? 1 : 0);
      return (x, y) => r(x * y);
    case "truediv":
      return (x, y) => roundTo(d, x / y);
    case "floordiv":
      if (!isIntegral(d)) noValues("floor division of floats");
      return (x, y) => checkInt(d, floorDiv(x, y));
    case "mod":
      if (!isIntegral(d)) noValues("modulo of floats");
      return (x, y) => checkInt(d, pyMod(x, y));
    case "pow":
      return powFn(d);
  }
}

function intPow(d: VDtype, x: number, e: number): number {
  if (e < 0) noValues("integers to negative integer powers raise");
  let r = 1;
  for (let i = 0; i < e; i++) r = checkInt(d, r * x);
  return r;
}

function powFn(d: VDtype): Fn2 {
  if (d === "bool") noValues("pow of bools");
  if (isIntegral(d)) return (x, e) => intPow(d, x, e);
  return (x, e) => roundTo(d, Math.pow(x, e));
}

/**
 * x^e for an integer exponent when the true result is exactly representable in the dtype: a pow
 * with an error below one ulp (glibc's and SLEEF's are) can only return that very value. Checked
 * against torch on every RegNet configuration and random integer exponents.
 */
function exactPow(d: VDtype, x: number, e: number): number | undefined {
  if (!Number.isInteger(e) || Math.abs(e) > 64 || !Number.isFinite(x) || x === 0) return undefined;
  // x = m · 2^k with m an odd integer.
  let m = Math.abs(x);
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k--;
  }
  while (m % 2 === 0) {
    m /= 2;
    k++;
  }
  if (e < 0 && m !== 1) return undefined;
  const bits = d === "float32" ? 24 : 53;
  let mp = 1n;
  for (let i = 0; i < Math.abs(e); i++) mp *= BigInt(m);
  if (mp >= 1n << BigInt(bits)) return undefined;
  const r = Number(mp) * 2 ** (k * e) * (x < 0 && e % 2 !== 0 ? -1 : 1);
  // Outside the normal range the result would be subnormal or overflow: not claimed.
  const max = d === "float32" ? 3.4e38 : 1.7e308;
  const min = d === "float32" ? 1.2e-38 : 2.3e-308;
  if (!(Math.abs(r) < max && Math.abs(r) > min) || roundTo(d, r) !== r) return undefined;
  return r;
}

/** Divisors whose interval contains zero could give infinities of either sign. */
function checkDivisor(b: Vals): void {
  for (let i = 0; i < b.lo.length; i++) {
    if (!Object.is(b.lo[i], b.hi[i]) && b.lo[i] <= 0 && b.hi[i] >= 0) noValues("inexact divisor around zero");
  }
}

/** Bases that are not positive make pow non-monotone: inexact operands there are not tracked. */
function checkPowOperands(a: Vals, b: Vals): void {
  const inexact = (v: Vals) => !isExact(v);
  if (!inexact(a) && !inexact(b)) return;
  if (a.lo.some((x) => !(x > 0))) noValues("pow of an inexact value with a non-positive base");
}

/** `a op b` with PyTorch's dtype rules: operands are cast to the result dtype first. */
export function binary(op: BinOp, a: Operand, b: Operand): Vals {
  let d = resultType([a, b]);
  if (op === "truediv" && !isFloat(d)) d = "float32";
  const x = castVals(a.vals, d);
  const y = castVals(b.vals, d);
  if (op === "truediv" || op === "floordiv" || op === "mod") checkDivisor(y);
  if (op === "pow" && isFloat(d)) {
    checkPowOperands(x, y);
    // pow(x, 0) and pow(1, y) are 1 in every implementation.
    return map2Transcendental(x, y, d, arith(op, d), (bx, e) => (e === 0 || bx === 1 ? 1 : exactPow(d, bx, e)));
  }
  return map2(x, y, d, arith(op, d));
}

const CMP: Record<CmpOp, (x: number, y: number) => boolean> = {
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
};

export function compare(op: CmpOp, a: Operand, b: Operand): Vals {
  const d = resultType([a, b]);
  const x = castVals(a.vals, d);
  const y = castVals(b.vals, d);
  const shape = broadcastShapes([x.shape, y.shape]);
  const ia = broadcastIndex(x.shape, shape);
  const ib = broadcastIndex(y.shape, shape);
  const out: number[] = [];
  for (let k = 0; k < ia.length; k++) {
    const cs = [
      CMP[op](x.lo[ia[k]], y.lo[ib[k]]),
      CMP[op](x.lo[ia[k]], y.hi[ib[k]]),
      CMP[op](x.hi[ia[k]], y.lo[ib[k]]),
      CMP[op](x.hi[ia[k]], y.hi[ib[k]]),
    ];
    const exact = Object.is(x.lo[ia[k]], x.hi[ia[k]]) && Object.is(y.lo[ib[k]], y.hi[ib[k]]);
    // Equality of intervals is only decided when they do not overlap.
    const overlap = !(x.hi[ia[k]] < y.lo[ib[k]] || y.hi[ib[k]] < x.lo[ia[k]]);
    if (!exact && (op === "eq" || op === "ne" ? overlap : cs.some((c) => c !== cs[0]))) noValues("comparison undecided");
    out.push(cs[0] ? 1 : 0);
  }
  return { dtype: "bool", shape, lo: out, hi: out };
}

export type UnOp =
  "neg" | "abs" | "round" | "floor" | "ceil" | "trunc" | "log" | "log2" | "log10" | "exp" | "sqrt" | "reciprocal" | "square";

const FLOAT_RESULT = new Set<UnOp>(["log", "log2", "log10", "exp", "sqrt", "reciprocal"]);

/** Unary op; `inc` marks monotone increasing functions, `dec` decreasing ones. */
export function unary(op: UnOp, v: Vals): Vals {
  let d = v.dtype;
  if (FLOAT_RESULT.has(op) && !isFloat(d)) d = "float32";
  const x = castVals(v, d);
  const R = (y: number) => roundTo(d, y);
  const t = (f: (y: number) => number, dir: "inc" | "dec", widen = 0, exact?: (y: number) => number | undefined): Vals => {
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < x.lo.length; i++) {
      const one = (y: number, side: 1 | -1) => {
        const e = exact?.(y);
        return e !== undefined ? e : stepFloat(d, f(y), widen, side);
      };
      if (Object.is(x.lo[i], x.hi[i])) {
        const e = exact?.(x.lo[i]);
        lo.push(e ?? (widen ? one(x.lo[i], -1) : f(x.lo[i])));
        hi.push(e ?? (widen ? one(x.lo[i], 1) : f(x.lo[i])));
        continue;
      }
      const a = dir === "inc" ? one(x.lo[i], -1) : one(x.hi[i], -1);
      const b = dir === "inc" ? one(x.hi[i], 1) : one(x.lo[i], 1);
      if (Number.isNaN(a) || Number.isNaN(b)) noValues("NaN within an inexact result");
      lo.push(a);
      hi.push(b);
    }
    return { dtype: d, shape: v.shape, lo, hi };
  };
  const needNonNegative = () => {
    if (x.lo.some((y, i) => y < 0 && !Object.is(y, x.hi[i]))) noValues("inexact argument around zero");
  };
  const W = TRANSCENDENTAL_ULPS;
  switch (op) {
    case "neg":
      if (d === "bool") noValues("negation of bools raises");
      {
        // Integers have no negative zero; floats do (-0.0), like PyTorch.
        const neg = (y: number) => (isFloat(d) ? -y : y === 0 ? 0 : checkInt(d, -y));
        return { dtype: d, shape: v.shape, lo: x.hi.map(neg), hi: x.lo.map(neg) };
      }
    case "abs":
      if (d === "bool") noValues("abs of bools");
      if (x.lo.some((y, i) => y < 0 && x.hi[i] > 0)) noValues("inexact argument around zero");
      return t(Math.abs, x.lo.every((y) => y >= 0) ? "inc" : "dec");
    case "round":
    case "floor":
    case "ceil":
    case "trunc": {
      if (!isFloat(d)) return x;
      const f = { round: roundHalfEven, floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc }[op];
      return t(f, "inc");
    }
    case "sqrt":
      // Correctly rounded by IEEE 754 (and by the hardware instruction PyTorch uses).
      needNonNegative();
      return t((y) => R(Math.sqrt(y)), "inc");
    case "square":
      if (d === "bool") noValues("square of bools");
      if (x.lo.some((y, i) => y < 0 && !Object.is(y, x.hi[i]))) noValues("inexact argument around zero");
      return t((y) => (isFloat(d) ? R(y * y) : checkInt(d, y * y)), "inc");
    case "reciprocal":
      if (x.lo.some((y, i) => y <= 0 && x.hi[i] >= 0 && !Object.is(y, x.hi[i]))) noValues("inexact divisor around zero");
      return t((y) => R(1 / y), "dec");
    case "log":
    case "log2":
    case "log10": {
      needNonNegative();
      const f = { log: Math.log, log2: Math.log2, log10: Math.log10 }[op];
      return t(
        (y) => R(f(y)),
        "inc",
        W,
        (y) => (y === 1 ? 0 : y === 0 ? -Infinity : y < 0 ? NaN : y === Infinity ? Infinity : Number.isNaN(y) ? NaN : undefined),
      );
    }
    case "exp":
      return t(
        (y) => R(Math.exp(y)),
        "inc",
        W,
        (y) => (y === 0 ? 1 : y === -Infinity ? 0 : y === Infinity ? Infinity : Number.isNaN(y) ? NaN : undefined),
      );
  }
}

export { NoValues };
