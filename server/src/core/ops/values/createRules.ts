// Value-aware tensor factories: torch.arange, torch.tensor, torch.linspace, zeros/ones/full and
// their *_like forms. Float ranges are given values only when every intermediate result of
// PyTorch's kernels is exact (small dyadic numbers), so the order of its computation cannot matter.

import { TensorV, Value } from "../../values";
import { extend } from "./extend";
import { NoValues, VDtype, VALUE_DTYPES, castValue, isFloat, noValues, roundTo, stepFloat } from "./numeric";
import { MAX_ELEMENTS, Vals, attach, exactVals, numel } from "./store";

function outInfo(out: Value): { shape: number[]; dtype: VDtype } {
  if (out.kind !== "tensor" || !out.shape || out.lead || !out.shape.every((d) => typeof d === "number")) noValues("shape not concrete");
  const t = out as TensorV;
  if (!t.dtype || !VALUE_DTYPES.includes(t.dtype)) noValues("dtype not tracked");
  const shape = t.shape as number[];
  if (numel(shape) > MAX_ELEMENTS) noValues("too many elements");
  return { shape, dtype: t.dtype as VDtype };
}

function pyNumber(v: Value): { x: number; dtype: VDtype } {
  if (v.kind === "int" && typeof v.v === "number" && Number.isSafeInteger(v.v)) return { x: v.v, dtype: "int64" };
  if (v.kind === "float") return { x: v.v, dtype: "float64" };
  if (v.kind === "bool") return { x: v.v ? 1 : 0, dtype: "bool" };
  return noValues("not a known Python number");
}

/** Smallest k such that every x·2^k is an integer whose magnitude stays below `limit`; undefined if none. */
function dyadicScale(xs: number[], limit: number): number | undefined {
  for (let k = 0; k <= 60; k++) {
    const s = 2 ** k;
    if (xs.every((x) => Number.isInteger(x * s))) return xs.every((x) => Math.abs(x * s) < limit) ? k : undefined;
  }
  return undefined;
}

const MANTISSA_LIMIT: Record<string, number> = { float32: 2 ** 24, float64: 2 ** 53 };

/** start + i·step for i < n, when exact in the dtype whatever the evaluation order. */
function affine(start: number, step: number, n: number, dtype: VDtype, lastExact?: number): number[] {
  if (!isFloat(dtype)) {
    if (!Number.isInteger(start) || !Number.isInteger(step)) noValues("integer range with float bounds");
    return Array.from({ length: n }, (_, i) => castValue(start + i * step, "int64", dtype));
  }
  // Every value and every partial product (vectorized kernels add up to 16 steps) must be exact.
  const k = dyadicScale([start, step], MANTISSA_LIMIT[dtype]);
  if (k === undefined) noValues("inexact float range");
  const s = 2 ** k;
  const span = Math.abs(start * s) + (n + 16) * Math.abs(step * s);
  if (span >= MANTISSA_LIMIT[dtype]) noValues("float range beyond exact integers");
  const out = Array.from({ length: n }, (_, i) => start + i * step);
  if (lastExact !== undefined && n > 1 && out[n - 1] !== lastExact) noValues("inexact end point");
  return out;
}

extend(["torch.arange"], [], (b, out) => {
  const { shape, dtype } = outInfo(out);
  const pos = b.rest;
  let start: Value = b.has("start") ? b.get("start") : { kind: "int", v: 0 };
  let step: Value = b.has("step") ? b.get("step") : { kind: "int", v: 1 };
  let end: Value = b.get("end");
  if (pos.length === 1) end = pos[0];
  else if (pos.length >= 2) {
    [start, end] = pos;
    if (pos.length >= 3) step = pos[2];
  }
  pyNumber(end);
  return attach(out, exactVals(dtype, shape, affine(pyNumber(start).x, pyNumber(step).x, shape[0], dtype)));
});

extend(["torch.linspace"], [], (b, out) => {
  const { shape, dtype } = outInfo(out);
  if (!isFloat(dtype)) noValues("integer linspace");
  const n = shape[0];
  // start and end are converted to the dtype before the step is computed.
  const s = roundTo(dtype, pyNumber(b.get("start")).x);
  const e = roundTo(dtype, pyNumber(b.get("end")).x);
  if (n === 0) return attach(out, exactVals(dtype, shape, []));
  if (n === 1) return attach(out, exactVals(dtype, shape, [s]));
  const step = (e - s) / (n - 1);
  try {
    return attach(out, exactVals(dtype, shape, affine(s, step, n, dtype, e)));
  } catch (err) {
    if (!(err instanceof NoValues)) throw err;
    return attach(out, linspaceBounds(s, e, n, dtype));
  }
});

/** Ulps of max(|start|, |end|) allowed around interior points (checked against PyTorch 1.13 on random ranges). */
const LINSPACE_ULPS = 8;

/**
 * Bounds for an inexact linspace: PyTorch computes the first half as start + step·i and the second
 * as end − step·(n−1−i) in the dtype (vectorised, so even the end point may differ): the start is exact, every other
 * point lies within a few ulps of max(|start|, |end|).
 */
export function linspaceBounds(s: number, e: number, n: number, dtype: VDtype): Vals {
  const step = (e - s) / (n - 1);
  const big = Math.max(Math.abs(s), Math.abs(e));
  const slack = LINSPACE_ULPS * (stepFloat(dtype, big, 1, 1) - big);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      lo.push(s);
      hi.push(s);
      continue;
    }
    const x = i < n / 2 ? s + step * i : e - step * (n - 1 - i);
    // Cancellation makes the error relative to the operands' size, not the result's.
    lo.push(x - slack);
    hi.push(x + slack);
  }
  return { dtype, shape: [n], lo, hi };
}

/** Flattens torch.tensor's nested data; the dtype is inferred like PyTorch unless given. */
function flatData(v: Value, acc: { x: number; dtype: VDtype }[]): void {
  if (v.kind === "list" || v.kind === "tuple") {
    v.items.forEach((x) => flatData(x, acc));
    return;
  }
  acc.push(pyNumber(v));
}

extend(["torch.tensor"], [], (b, out) => {
  const items: { x: number; dtype: VDtype }[] = [];
  flatData(b.get("data"), items);
  // The shape rule leaves mixed bool/int data without a dtype: PyTorch makes it int64.
  if (
    out.kind === "tensor" &&
    !out.dtype &&
    !b.has("dtype") &&
    items.some((i) => i.dtype === "int64") &&
    !items.some((i) => i.dtype === "float64")
  ) {
    out = { ...out, dtype: "int64" };
  }
  const { shape, dtype } = outInfo(out);
  if (!b.has("dtype")) {
    const inferred: VDtype = items.some((i) => i.dtype === "float64")
      ? "float32"
      : items.some((i) => i.dtype === "int64")
        ? "int64"
        : items.length
          ? "bool"
          : "float32";
    if (inferred !== dtype) noValues("dtype disagrees");
  }
  return attach(
    out,
    exactVals(
      dtype,
      shape,
      items.map((i) => castValue(i.x, i.dtype, dtype)),
    ),
  );
});

function filled(out: Value, x: number, from: VDtype): Value {
  const { shape, dtype } = outInfo(out);
  const v = castValue(x, from, dtype);
  return attach(out, exactVals(dtype, shape, new Array<number>(numel(shape)).fill(v)));
}

extend(["torch.zeros", "torch.zeros_like"], [], (_b, out) => filled(out, 0, "int64"));
extend(["torch.ones", "torch.ones_like"], [], (_b, out) => filled(out, 1, "int64"));
extend(["torch.full"], [], (b, out) => {
  const fill = pyNumber(b.get("fill_value"));
  // Without dtype=, a Python float fill gives the default dtype float32.
  if (out.kind === "tensor" && !out.dtype && !b.has("dtype") && fill.dtype === "float64")
    return filled({ ...out, dtype: "float32" }, fill.x, fill.dtype);
  return filled(out, fill.x, fill.dtype);
});

export type { Vals };
