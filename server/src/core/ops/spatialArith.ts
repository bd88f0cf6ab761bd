// Shared helpers for the spatial op families (conv, pool, adaptive pool, upsample): Python-style
// printing of sizes for error messages, axis names for explanations, and decidable comparisons of
// possibly symbolic sizes (a comparison that symbols could decide either way returns undefined).

import { Dim, formatDim, isConcrete, sub } from "../dim";
import { giveUp } from "../errors";
import { Shape, TensorV, Value, tensor, tuple } from "../values";

/** Axis letters used in explanations: L for 1-d, H/W for 2-d, D/H/W for 3-d. */
export function axisNames(n: number): string[] {
  return n === 1 ? ["L"] : n === 2 ? ["H", "W"] : ["D", "H", "W"];
}

/** `[1, 3, 224, 224]`, as c10 prints an IntArrayRef. */
export function fmtList(dims: readonly Dim[]): string {
  return `[${dims.map(formatDim).join(", ")}]`;
}

/** `torch.Size([5, 5])`, as Python prints input.shape. */
export function fmtSize(dims: readonly Dim[]): string {
  return `torch.Size(${fmtList(dims)})`;
}

/** Python repr of a plain value (ints, floats, tuples, lists, torch.Size). */
export function pyRepr(v: Value): string {
  switch (v.kind) {
    case "int":
      return formatDim(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "float":
      return pyFloat(v.v);
    case "none":
      return "None";
    case "str":
      return `'${v.v}'`;
    case "tuple":
      if (v.isSize) return `torch.Size([${v.items.map(pyRepr).join(", ")}])`;
      return `(${v.items.map(pyRepr).join(", ")}${v.items.length === 1 ? "," : ""})`;
    case "list":
      return `[${v.items.map(pyRepr).join(", ")}]`;
    default:
      return giveUp(`cannot print a ${v.kind} value the way Python does`);
  }
}

export function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** Sign of a − b when it is certain: −1, 0 or 1; undefined when symbols decide it. */
export function compare(a: Dim, b: Dim): -1 | 0 | 1 | undefined {
  const d = sub(a, b);
  if (!isConcrete(d)) return undefined;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** True/false when a < b is certain. */
export function lessThan(a: Dim, b: Dim): boolean | undefined {
  const c = compare(a, b);
  return c === undefined ? undefined : c < 0;
}

/** A result tensor: its shape, with the batch axis removed again for unbatched inputs. */
export function result(shape: Shape, batched: boolean): TensorV {
  return tensor(batched ? shape : shape.slice(1));
}

/** `(out, indices)` as the `*_with_indices` ops return them. */
export function withIndices(t: TensorV): Value {
  return tuple([t, tensor(t.shape ? [...t.shape] : null)]);
}

/**
 * "9,472": thousands separators for parameter counts, as `toLocaleString("en-US")` writes them. Safe integers skip
 * Intl: its first use loads the locale data, 10-20 ms of a cold CLI run.
 */
export function withCommas(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 || Object.is(n, -0) ? `-${digits}` : digits;
}

/** Shape items printed the way c10 prints a size (`3x2x2` or `3 x 2`). */
export function joinDims(dims: readonly Dim[], sep: string): string {
  return dims.map(formatDim).join(sep);
}
