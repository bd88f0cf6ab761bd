// Basic tensor indexing on known values (ints, slices, None, ...), and the leaf helpers the
// interpreter uses to read values: the rows a `for` loop yields and int()/float()/bool() of a
// one-element tensor. This module registers no rules, so the interpreter may import it freely.

import { TensorV, Value, describe, tensor } from "../../values";
import { noValues } from "./numeric";
import { Vals, attach, isExact, pythonScalar, valsOf } from "./store";

type IndexItem = { kind: "int"; i: number } | { kind: "slice"; start: number; step: number; len: number } | { kind: "new" };

function sliceBound(v: Value, dflt: number, size: number): number {
  if (v.kind === "none") return dflt;
  if (v.kind !== "int" || typeof v.v !== "number") return noValues("slice bound not known");
  const x = v.v < 0 ? v.v + size : v.v;
  return Math.min(Math.max(x, 0), size);
}

/** Basic indexing (ints, slices, None, ...) resolved to per-dimension selections. */
function indexItems(index: Value, shape: number[]): IndexItem[] {
  const raw = index.kind === "tuple" ? index.items : [index];
  const consuming = raw.filter((x) => x.kind === "int" || x.kind === "slice").length;
  const items: IndexItem[] = [];
  let dim = 0;
  const full = (): IndexItem => ({ kind: "slice", start: 0, step: 1, len: shape[dim++] });
  for (const x of raw) {
    if (x.kind === "ellipsis") {
      for (let k = 0; k < shape.length - consuming; k++) items.push(full());
    } else if (x.kind === "none") items.push({ kind: "new" });
    else if (x.kind === "int" && typeof x.v === "number") {
      const size = shape[dim++];
      const i = x.v < 0 ? x.v + size : x.v;
      if (size === undefined || i < 0 || i >= size) noValues("index out of range");
      items.push({ kind: "int", i });
    } else if (x.kind === "slice") {
      const size = shape[dim++];
      if (size === undefined) noValues("too many indices");
      const step = x.step.kind === "none" ? 1 : x.step.kind === "int" && typeof x.step.v === "number" ? x.step.v : 0;
      if (step <= 0) noValues("slice step");
      const start = sliceBound(x.start, 0, size);
      const stop = sliceBound(x.stop, size, size);
      items.push({ kind: "slice", start, step, len: Math.max(0, Math.ceil((stop - start) / step)) });
    } else noValues(`index ${describe(x)} is not tracked`);
  }
  while (dim < shape.length) items.push(full());
  return items;
}

function strides(shape: number[]): number[] {
  const out: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

/** Values of `vals[index]` (a view: it shares the storage). */
export function indexVals(vals: Vals, index: Value): Vals {
  const items = indexItems(index, vals.shape);
  const st = strides(vals.shape);
  let offset = 0;
  const dims: { len: number; stride: number }[] = [];
  let src = 0;
  for (const it of items) {
    if (it.kind === "new") dims.push({ len: 1, stride: 0 });
    else if (it.kind === "int") offset += it.i * st[src++];
    else {
      offset += it.start * st[src];
      dims.push({ len: it.len, stride: it.step * st[src++] });
    }
  }
  const shape = dims.map((d) => d.len);
  const lo: number[] = [];
  const hi: number[] = [];
  const walk = (d: number, off: number) => {
    if (d === dims.length) {
      lo.push(vals.lo[off]);
      hi.push(vals.hi[off]);
      return;
    }
    for (let i = 0; i < dims[d].len; i++) walk(d + 1, off + i * dims[d].stride);
  };
  walk(0, offset);
  return { dtype: vals.dtype, shape, lo, hi };
}

/** The rows a `for` loop over a tensor with known values yields (views of it). */
export function tensorRows(t: TensorV): Value[] | undefined {
  const vals = valsOf(t);
  if (!vals || vals.shape.length === 0) return undefined;
  return Array.from({ length: vals.shape[0] }, (_, i) => {
    const row = indexVals(vals, { kind: "int", v: i });
    return attach(tensor(row.shape, { dtype: vals.dtype }), row, t.storage);
  });
}

/** int(t) / float(t) / bool(t) of a one-element tensor with a known value; undefined otherwise. */
export function tensorToScalar(t: TensorV, kind: "int" | "float" | "bool"): Value | undefined {
  const vals = valsOf(t);
  if (!vals || vals.lo.length !== 1 || !isExact(vals)) return undefined;
  const x = vals.lo[0];
  if (kind === "bool") return pythonScalar("bool", x);
  if (kind === "float") return pythonScalar("float64", x);
  // int() of a float truncates; of a NaN or an infinity it raises.
  if (!Number.isFinite(x)) return undefined;
  return pythonScalar("int64", Math.trunc(x) === 0 ? 0 : Math.trunc(x));
}
