// Reductions and scans: sum/mean/amax/std/var/norm/logsumexp/all/any over int, tuple or no dims
// with keepdim; max/min/median/mode (values, indices) tuples; argmax/argmin; topk/sort/kthvalue;
// and the shape-preserving scans (cumsum, cumprod, softmax, log_softmax, argsort, flip).

import { formatDim } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Shape, TensorV, Value, bool, int, tensor, tuple } from "../values";
import { BoundArgs, OpSignature, normalizeDim, shapeOf, toBool, toInt, toTensor } from "./args";
import { MISSING, broadcastTensors, sameShape } from "./broadcast";
import { registerFunction } from "./registry";

/** Normalised reduction dims; null means "all dims". */
function reductionDims(v: Value, rank: number, allowTuple: boolean, emptyMeansAll = true): number[] | null {
  if (v.kind === "none" || v === MISSING) return null;
  if (v.kind === "tuple" || v.kind === "list") {
    if (!allowTuple) shapeError("invalid-argument", "dim must be int, not tuple");
    if (v.items.length === 0) {
      if (emptyMeansAll) return null;
      giveUp("reduction over an empty dim list");
    }
    const dims = v.items.map((x, i) => normalizeDim(toInt(x, `dim[${i}]`), rank));
    const seen = new Set<number>();
    for (const d of dims) {
      if (seen.has(d)) shapeError("invalid-argument", `dim ${d} appears multiple times in the list of dims`);
      seen.add(d);
    }
    return dims;
  }
  return [normalizeDim(toInt(v, "dim"), rank)];
}

export function reduceShape(shape: Shape, dims: number[] | null, keepdim: boolean): Shape {
  if (shape.length === 0) return [];
  const all = dims === null;
  const out: Shape = [];
  shape.forEach((d, i) => {
    if (all || dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(d);
  });
  return out;
}

function input(b: BoundArgs): { t: TensorV; shape: Shape } {
  const t = toTensor(b.get("input"), "input");
  return { t, shape: shapeOf(t, "input") };
}

/** max/amax/argmax-style ops refuse to reduce an empty dim. */
function checkNonEmpty(op: string, shape: Shape, dims: number[] | null): void {
  if (dims === null) {
    if (shape.some((d) => d === 0)) {
      shapeError(
        "invalid-argument",
        `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return;
  }
  for (const d of dims) {
    if (shape.length > 0 && shape[d] === 0) {
      shapeError("index-out-of-range", `${op}(): Expected reduction dim ${d} to have non-zero size.`);
    }
  }
}

const KW_REST = { extraKwargs: true };

function simpleReduction(
  names: string[],
  opts: {
    tuple: boolean;
    dtype?: string;
    nonEmpty?: string;
    emptyTuple?: boolean;
    dimRequired?: boolean;
  },
): void {
  registerFunction({
    names,
    signature: {
      params: [{ name: "input" }, { name: "dim", default: opts.dimRequired ? undefined : NONE }, { name: "keepdim", default: bool(false) }],
      ...KW_REST,
    },
    call(b) {
      const { t, shape } = input(b);
      const dims = reductionDims(b.get("dim"), shape.length, opts.tuple, opts.emptyTuple ?? true);
      if (opts.nonEmpty) checkNonEmpty(opts.nonEmpty, shape, dims);
      return tensor(reduceShape(shape, dims, toBool(b.get("keepdim"), "keepdim")), { dtype: opts.dtype ?? t.dtype });
    },
  });
}

const both = (n: string): string[] => [`torch.${n}`, `Tensor.${n}`];
simpleReduction([...both("sum"), ...both("nansum"), ...both("mean"), ...both("nanmean")], { tuple: true });
simpleReduction(both("amax"), { tuple: true, nonEmpty: "amax" });
simpleReduction(both("amin"), { tuple: true, nonEmpty: "amin" });
simpleReduction(both("prod"), { tuple: false });
simpleReduction([...both("all"), ...both("any")], {
  tuple: false,
  dtype: "bool",
});
simpleReduction(both("logsumexp"), {
  tuple: true,
  emptyTuple: false,
  dimRequired: true,
});

registerFunction({
  names: both("count_nonzero"),
  signature: { params: [{ name: "input" }, { name: "dim", default: NONE }] },
  call(b) {
    const { shape } = input(b);
    return tensor(reduceShape(shape, reductionDims(b.get("dim"), shape.length, true), false), { dtype: "int64" });
  },
});

/** std/var(dim, unbiased, keepdim) or std/var(unbiased); correction= is keyword-only. */
function stdVar(names: string[], pairResult: boolean): void {
  registerFunction({
    names,
    signature: {
      params: [
        { name: "input" },
        { name: "dim", default: NONE },
        { name: "unbiased", default: NONE },
        { name: "keepdim", default: bool(false) },
        { name: "correction", default: NONE, kwOnly: true },
      ],
    },
    call(b) {
      const { t, shape } = input(b);
      let dimV = b.get("dim");
      if (dimV.kind === "bool") dimV = NONE;
      const out = tensor(reduceShape(shape, reductionDims(dimV, shape.length, true), toBool(b.get("keepdim"), "keepdim")), {
        dtype: t.dtype,
      });
      return pairResult ? tuple([out, { ...out, shape: [...(out.shape as Shape)] }]) : out;
    },
  });
}
stdVar([...both("std"), ...both("var")], false);
stdVar(["torch.std_mean", "torch.var_mean"], true);

registerFunction({
  names: both("norm"),
  signature: {
    params: [{ name: "input" }, { name: "p", default: NONE }, { name: "dim", default: NONE }, { name: "keepdim", default: bool(false) }],
    ...KW_REST,
  },
  call(b) {
    const { t, shape } = input(b);
    const p = b.get("p");
    if (p.kind === "str" && p.v === "nuc") giveUp("nuclear norm");
    return tensor(reduceShape(shape, reductionDims(b.get("dim"), shape.length, true), toBool(b.get("keepdim"), "keepdim")), {
      dtype: t.dtype,
    });
  },
});

/** (values, indices) pair over one dim. */
function valuesIndices(shape: Shape, dim: number | null, keepdim: boolean, dtype: string | undefined): Value {
  const s = reduceShape(shape, dim === null ? null : [dim], keepdim);
  return tuple([tensor(s, { dtype }), tensor([...s], { dtype: "int64" })]);
}

for (const name of ["max", "min"]) {
  registerFunction({
    names: both(name),
    signature: {
      params: [
        { name: "input" },
        { name: "dim", default: MISSING },
        { name: "keepdim", default: bool(false) },
        { name: "other", default: NONE, kwOnly: true },
      ],
      ...KW_REST,
    },
    call(b) {
      const { t, shape } = input(b);
      const d = b.get("dim");
      const other = b.has("other") ? b.get("other") : d.kind === "tensor" ? d : undefined;
      if (other) return broadcastTensors([t, toTensor(other, "other")], t.dtype === (other as TensorV).dtype ? t.dtype : undefined);
      if (d === MISSING || d.kind === "none") {
        if (d.kind === "none") shapeError("invalid-argument", `${name}() received an invalid combination of arguments`);
        checkNonEmpty(name, shape, null);
        return tensor([], { dtype: t.dtype });
      }
      if (d.kind === "tuple" || d.kind === "list") shapeError("invalid-argument", `${name}() received an invalid combination of arguments`);
      const dim = normalizeDim(toInt(d, "dim"), shape.length);
      checkNonEmpty(name, shape, [dim]);
      return valuesIndices(shape, dim, toBool(b.get("keepdim"), "keepdim"), t.dtype);
    },
  });
}

for (const name of ["argmax", "argmin"]) {
  registerFunction({
    names: both(name),
    signature: {
      params: [{ name: "input" }, { name: "dim", default: NONE }, { name: "keepdim", default: bool(false) }],
    },
    call(b) {
      const { shape } = input(b);
      const dims = reductionDims(b.get("dim"), shape.length, false);
      checkNonEmpty(name, shape, dims);
      return tensor(reduceShape(shape, dims, toBool(b.get("keepdim"), "keepdim")), { dtype: "int64" });
    },
  });
}

// median/nanmedian: no dim → a scalar; with dim → (values, indices). mode defaults to dim=-1.
for (const name of ["median", "nanmedian", "mode"]) {
  registerFunction({
    names: both(name),
    signature: {
      params: [{ name: "input" }, { name: "dim", default: name === "mode" ? int(-1) : NONE }, { name: "keepdim", default: bool(false) }],
    },
    call(b) {
      const { t, shape } = input(b);
      if (b.get("dim").kind === "none") return tensor([], { dtype: t.dtype });
      const dim = normalizeDim(toInt(b.get("dim"), "dim"), shape.length);
      return valuesIndices(shape, dim, toBool(b.get("keepdim"), "keepdim"), t.dtype);
    },
  });
}

registerFunction({
  names: both("kthvalue"),
  signature: {
    params: [{ name: "input" }, { name: "k" }, { name: "dim", default: int(-1) }, { name: "keepdim", default: bool(false) }],
  },
  call(b) {
    const { t, shape } = input(b);
    const dim = normalizeDim(toInt(b.get("dim"), "dim"), shape.length);
    const k = toInt(b.get("k"), "k");
    const n = shape.length === 0 ? 1 : shape[dim];
    if (typeof n === "number" && (k < 1 || k > n)) giveUp("kthvalue with k out of range");
    return valuesIndices(shape, dim, toBool(b.get("keepdim"), "keepdim"), t.dtype);
  },
});

registerFunction({
  names: both("topk"),
  signature: {
    params: [
      { name: "input" },
      { name: "k" },
      { name: "dim", default: int(-1) },
      { name: "largest", default: bool(true) },
      { name: "sorted", default: bool(true) },
    ],
  },
  call(b) {
    const { t, shape } = input(b);
    const dim = normalizeDim(toInt(b.get("dim"), "dim"), shape.length);
    const k = toInt(b.get("k"), "k");
    const n = shape.length === 0 ? 1 : shape[dim];
    if (k < 0 || (typeof n === "number" && k > n)) shapeError("index-out-of-range", "selected index k out of range");
    if (typeof n !== "number") giveUp(`cannot tell whether k = ${k} fits in size ${formatDim(n)}`);
    const s = [...shape];
    if (s.length > 0) s[dim] = k;
    return tuple([tensor(s, { dtype: t.dtype }), tensor([...s], { dtype: "int64" })]);
  },
});

registerFunction({
  names: both("sort"),
  signature: {
    params: [{ name: "input" }, { name: "dim", default: int(-1) }, { name: "descending", default: bool(false) }],
    ...KW_REST,
  },
  call(b) {
    const { t, shape } = input(b);
    const dimV = b.get("dim");
    // sort(stable=..., dim=...) binds a bool positional to `dim` only in odd code; treat it as unknown.
    if (dimV.kind === "bool") giveUp("sort with a bool positional argument");
    normalizeDim(toInt(dimV, "dim"), shape.length);
    return tuple([tensor([...shape], { dtype: t.dtype }), tensor([...shape], { dtype: "int64" })]);
  },
});

registerFunction({
  names: [...both("argsort"), ...both("msort")],
  signature: {
    params: [{ name: "input" }, { name: "dim", default: int(-1) }, { name: "descending", default: bool(false) }],
    ...KW_REST,
  },
  call(b) {
    const { t, shape } = input(b);
    normalizeDim(toInt(b.get("dim"), "dim"), shape.length);
    return tensor([...shape], {
      dtype: b.op.endsWith("msort") ? t.dtype : "int64",
    });
  },
});

// Scans and softmax: the dim is required and range-checked; the shape is kept.
function dimPreserving(names: string[], pair: boolean, dtype?: string): void {
  const signature: OpSignature = {
    params: [{ name: "input" }, { name: "dim" }],
    ...KW_REST,
  };
  registerFunction({
    names,
    signature,
    call(b) {
      const { t, shape } = input(b);
      normalizeDim(toInt(b.get("dim"), "dim"), shape.length);
      const out = tensor([...shape], { dtype: dtype ?? t.dtype });
      return pair ? tuple([out, tensor([...shape], { dtype: "int64" })]) : out;
    },
  });
}
dimPreserving([...both("cumsum"), ...both("cumprod"), "Tensor.cumsum_", "Tensor.cumprod_", ...both("logcumsumexp")], false);
dimPreserving([...both("softmax"), ...both("log_softmax")], false);
dimPreserving([...both("cummax"), ...both("cummin")], true);

registerFunction({
  names: both("flip"),
  signature: { params: [{ name: "input" }, { name: "dims" }], varargs: "more" },
  call(b) {
    const { t, shape } = input(b);
    const first = b.get("dims");
    const dims = first.kind === "tuple" || first.kind === "list" ? first.items : [first, ...b.rest];
    dims.forEach((d, i) => normalizeDim(toInt(d, `dims[${i}]`), shape.length));
    return sameShape(t);
  },
});
