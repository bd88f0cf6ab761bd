// Known element values of small tensors: reading them from a TensorV (only while its storage has
// not been modified in place), attaching computed values to a shape rule's result, dropping them,
// and converting them to Python values (tolist / item).

import { TensorV, Value, bool, float, int, list } from "../../values";
import { VALUE_DTYPES, VDtype, isFloat, noValues } from "./numeric";

/** Tensors with more elements than this never carry values. */
export const MAX_ELEMENTS = 4096;

/** Element values as closed intervals; an element is exact when lo and hi are the same number. */
export interface Vals {
  dtype: VDtype;
  shape: number[];
  lo: number[];
  hi: number[];
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function isExact(v: Vals): boolean {
  for (let i = 0; i < v.lo.length; i++) if (!Object.is(v.lo[i], v.hi[i])) return false;
  return true;
}

export function exactVals(dtype: VDtype, shape: number[], data: number[]): Vals {
  return { dtype, shape, lo: data, hi: data };
}

function concreteShape(t: TensorV): number[] | undefined {
  if (!t.shape || t.lead || !t.shape.every((d) => typeof d === "number")) return undefined;
  return t.shape as number[];
}

/** The values of a tensor (exact or bounded), when known and still valid. */
export function valsOf(v: Value): Vals | undefined {
  if (v.kind !== "tensor" || !v.storage?.alive || !v.dtype || !VALUE_DTYPES.includes(v.dtype)) return undefined;
  const shape = concreteShape(v);
  if (!shape) return undefined;
  const n = numel(shape);
  if (v.data && v.data.length === n) return exactVals(v.dtype as VDtype, shape, v.data);
  if (v.bounds && v.bounds.lo.length === n && v.bounds.hi.length === n)
    return { dtype: v.dtype as VDtype, shape, lo: v.bounds.lo, hi: v.bounds.hi };
  return undefined;
}

/** A tensor's exact element values (flat, row-major; bools as 0/1), when every one is known. */
export function knownValues(v: Value): number[] | undefined {
  const vals = valsOf(v);
  return vals && isExact(vals) ? vals.lo : undefined;
}

/**
 * The shape rule's result `t` carrying `vals`. Values are attached only when they agree with the
 * rule's shape and dtype; `storage` is shared with the input for views, fresh otherwise.
 */
export function attach(t: Value, vals: Vals, storage?: { alive: boolean }): Value {
  if (t.kind !== "tensor") return t;
  const shape = concreteShape(t);
  const base = stripTensor(t);
  if (!shape || shape.length !== vals.shape.length || shape.some((d, i) => d !== vals.shape[i])) return base;
  if (t.dtype !== undefined && t.dtype !== vals.dtype) return base;
  const n = numel(shape);
  if (n > MAX_ELEMENTS || vals.lo.length !== n || vals.hi.length !== n) return base;
  const out: TensorV = { ...base, dtype: vals.dtype, storage: storage ?? { alive: true } };
  if (isExact(vals)) out.data = vals.lo.map((x) => x);
  else if (isFloat(vals.dtype)) {
    if (vals.lo.some((x, i) => !(x <= vals.hi[i]))) return base;
    out.bounds = { lo: [...vals.lo], hi: [...vals.hi] };
  } else return base;
  return out;
}

function stripTensor(t: TensorV): TensorV {
  if (!t.data && !t.bounds && !t.storage) return t;
  const out: TensorV = { ...t };
  delete out.data;
  delete out.bounds;
  delete out.storage;
  return out;
}

/** The value without any tensor values (for results of ops that do not compute them). */
export function stripValues(v: Value): Value {
  if (v.kind === "tensor") return stripTensor(v);
  if ((v.kind === "tuple" || v.kind === "list") && v.items.some((x) => x.kind === "tensor" && (x.data || x.bounds || x.storage))) {
    return { ...v, items: v.items.map(stripValues) };
  }
  return v;
}

/** Marks a tensor (and every view sharing its storage) as modified in place: values become unknown. */
export function invalidateValues(v: Value): void {
  if (v.kind === "tensor") {
    if (v.storage) v.storage.alive = false;
    delete v.data;
    delete v.bounds;
  } else if (v.kind === "tuple" || v.kind === "list") v.items.forEach(invalidateValues);
}

/** One element as a Python value (float32 elements become the double of the same value). */
export function pythonScalar(dtype: VDtype, x: number): Value {
  if (dtype === "bool") return bool(x !== 0);
  if (isFloat(dtype)) return float(x);
  return int(x);
}

/**
 * One element as a Python value; a float known only within bounds becomes an approximate float (its
 * midpoint), whose conversions and comparisons give unknown wherever the bounds could matter.
 */
export function elementScalar(vals: Vals, i: number): Value {
  const lo = vals.lo[i];
  const hi = vals.hi[i];
  if (Object.is(lo, hi)) return pythonScalar(vals.dtype, lo);
  const mid = (lo + hi) / 2;
  // The approximate-float rule allows a relative 1e-9; wider bounds must not be decided by it.
  if (Math.abs(hi - lo) > 1e-9 * Math.max(1, Math.abs(mid))) return boundedFloat(lo, hi);
  return float(mid, true);
}

/** A float known only to lie in [lo, hi]: unknown unless the interval is tiny. */
function boundedFloat(lo: number, hi: number): Value {
  return { kind: "float", v: (lo + hi) / 2, approx: true, bounds: [lo, hi] };
}

/** Tensor.tolist(): nested lists following the shape; a 0-dim tensor gives its scalar. */
export function toPython(vals: Vals): Value {
  if (!isExact(vals) && !isFloat(vals.dtype)) noValues("values are known only approximately");
  const build = (dim: number, offset: number): Value => {
    if (dim === vals.shape.length) return elementScalar(vals, offset);
    const stride = numel(vals.shape.slice(dim + 1));
    return list(Array.from({ length: vals.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride)));
  };
  return build(0, 0);
}
