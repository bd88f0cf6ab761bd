// Shared helpers for the tensor-op rules (creation, reshape, join, elementwise, matmul, reduce,
// indexing): NumPy-style broadcasting with PyTorch's messages, sign reasoning on symbolic sizes,
// size-list arguments given as varargs or one sequence, dim arguments, and dtype names.

import { Dim, equal, formatDim, isConcrete, sub } from "../dim";
import { giveUp, shapeError } from "../errors";
import { OpaqueV, Shape, TensorV, Value, int, tensor, tuple } from "../values";
import { BoundArgs, normalizeDim, toDim, toInt, toTensor } from "./args";

/** Default of an optional parameter whose absence differs from None (squeeze's dim). */
export const MISSING: OpaqueV = { kind: "opaque", name: "<missing>" };

/** `[2, 3, 4]`, as PyTorch prints sizes in messages. */
export function fmtShape(shape: readonly Dim[]): string {
  return `[${shape.map(formatDim).join(", ")}]`;
}

/**
 * A lower bound of a size expression, assuming every symbol is at least 1; undefined unless every
 * term is a positive multiple of a product of plain symbols (floor-division atoms may be 0).
 */
function lowerBound(d: Dim): number | undefined {
  if (typeof d === "number") return d;
  let lb = d.constant;
  for (const t of d.terms.values()) {
    if (t.coef <= 0 || t.atoms.some((a) => a.kind !== "sym")) return undefined;
    lb += t.coef;
  }
  return lb;
}

/** Three-valued a ≥ b: true/false when provable, undefined when the symbols decide it. */
export function knownGE(a: Dim, b: Dim): boolean | undefined {
  const lbAB = lowerBound(sub(a, b));
  if (lbAB !== undefined && lbAB >= 0) return true;
  const lbBA = lowerBound(sub(b, a));
  if (lbBA !== undefined && lbBA >= 1) return false;
  return undefined;
}

/** True when a ≠ b is provable (their difference is at least 1 in absolute value). */
export function knownDifferent(a: Dim, b: Dim): boolean {
  return knownGE(sub(a, b), 1) === true || knownGE(sub(b, a), 1) === true;
}

/** Sizes must be known non-negative; a symbolic size that may be negative gives up. */
export function checkNonNegative(d: Dim, what: string): void {
  const ge = knownGE(d, 0);
  if (ge === undefined) giveUp(`cannot tell whether ${what} = ${formatDim(d)} is non-negative`);
}

/**
 * Broadcasts two shapes (PyTorch's infer_size). `a` and `b` name the operands in the message
 * exactly as PyTorch does: the shape accumulated so far and the next operand.
 */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Shape {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const ia = i - (n - a.length);
    const ib = i - (n - b.length);
    const da: Dim = ia >= 0 ? a[ia] : 1;
    const db: Dim = ib >= 0 ? b[ib] : 1;
    if (equal(da, db)) out[i] = da;
    else if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (isConcrete(da) && isConcrete(db)) {
      shapeError("broadcast", `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    } else {
      giveUp(`cannot tell whether sizes ${formatDim(da)} and ${formatDim(db)} broadcast`);
    }
  }
  return out;
}

/** Left fold of broadcastShapes over operands, as TensorIterator computes its shape. */
export function broadcastAll(shapes: readonly (readonly Dim[])[]): Shape {
  let acc: Shape = [...shapes[0]];
  for (let i = 1; i < shapes.length; i++) acc = broadcastShapes(acc, shapes[i]);
  return acc;
}

/**
 * Broadcasts tensors that may carry a variadic lead (`*batch`): the leads must be the same group
 * and the known trailing parts must line up; otherwise the result is unknown.
 */
export function broadcastTensors(ts: readonly TensorV[], dtype?: string): TensorV {
  for (const t of ts) if (!t.shape) giveUp("the shape of an operand is not known");
  const leads = ts.map((t) => t.lead).filter((l): l is string => l !== undefined);
  if (leads.length === 0) return tensor(broadcastAll(ts.map((t) => t.shape as Shape)), { dtype });
  const lead = leads[0];
  if (leads.some((l) => l !== lead)) giveUp("operands have different variadic leading dimensions");
  const rank = Math.max(...ts.filter((t) => t.lead).map((t) => (t.shape as Shape).length));
  for (const t of ts) {
    const r = (t.shape as Shape).length;
    if (t.lead ? r !== rank : r > rank) giveUp("operands with variadic leading dimensions do not line up");
  }
  return tensor(broadcastAll(ts.map((t) => t.shape as Shape)), { lead, dtype });
}

/** A tensor of the same shape (and lead) as `t`, with the given dtype (default: the same). */
export function sameShape(t: TensorV, dtype?: string | null): TensorV {
  const d = dtype === null ? undefined : (dtype ?? t.dtype);
  return tensor(t.shape ? [...t.shape] : null, { lead: t.lead, dtype: d });
}

/** A torch.Size value. */
export function sizeValue(shape: readonly Dim[]): Value {
  const t = tuple(shape.map((d) => int(d)));
  t.isSize = true;
  return t;
}

/**
 * A size given either as varargs (`randn(1, 3, 224, 224)`) or as one sequence (`randn((1, 3))`,
 * `randn(x.shape)`): `first` is the first positional parameter's value, `rest` the extra ones.
 */
export function sizeArgs(first: Value, rest: readonly Value[], what: string): Dim[] {
  if (first.kind === "unknown") giveUp(`${what} is not known`);
  if (rest.length === 0 && (first.kind === "tuple" || first.kind === "list")) {
    return first.items.map((v, i) => sizeItem(v, `${what}[${i}]`));
  }
  if (first.kind === "tuple" || first.kind === "list") {
    shapeError("invalid-argument", `${what} must be tuple of ints, but found element of type tuple at pos 1`);
  }
  return [first, ...rest].map((v, i) => sizeItem(v, `${what}[${i}]`));
}

function sizeItem(v: Value, what: string): Dim {
  if (v.kind === "float") shapeError("invalid-argument", `${what} must be int, not float`);
  return toDim(v, what);
}

/** A concrete dim argument normalised against `rank` (PyTorch's wrap rule, rank 0 acts as 1). */
export function dimArg(v: Value, rank: number, what = "dim"): number {
  return normalizeDim(toInt(v, what), rank);
}

/** `self` (or the first parameter) of a bound call, as a tensor. */
export function selfTensor(b: BoundArgs, name = "self"): TensorV {
  return toTensor(b.get(name), name);
}

const DTYPE_ALIASES: Record<string, string> = {
  float: "float32",
  float32: "float32",
  double: "float64",
  float64: "float64",
  half: "float16",
  float16: "float16",
  bfloat16: "bfloat16",
  long: "int64",
  int64: "int64",
  int: "int32",
  int32: "int32",
  short: "int16",
  int16: "int16",
  int8: "int8",
  uint8: "uint8",
  bool: "bool",
  cfloat: "complex64",
  complex64: "complex64",
  cdouble: "complex128",
  complex128: "complex128",
};

/** The dtype named by a `torch.float32`-like value (engine names: float32, int64, bool, ...). */
export function dtypeOf(v: Value): string | undefined {
  if (v.kind === "opaque") return DTYPE_ALIASES[dtypeKey(v)];
  if (v.kind === "str") return DTYPE_ALIASES[v.v.replace(/^torch\./, "")];
  return undefined;
}

function dtypeKey(v: OpaqueV): string {
  const parts = v.name.split(".");
  return parts[parts.length - 1];
}
