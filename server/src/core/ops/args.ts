// Binding of Python call arguments to an op's signature, and conversions from evaluator values to
// the plain numbers and tuples the shape rules compute with. Conversions throw Unknown when a value
// is not known and ShapeError (invalid-argument) when it has a type PyTorch would reject.

import { Dim } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, TensorV, Value, describe } from "../values";

export interface ParamSpec {
  name: string;
  /** Missing means required. */
  default?: Value;
  /** Keyword-only parameters cannot be given positionally. */
  kwOnly?: boolean;
}

export interface OpSignature {
  params: ParamSpec[];
  /** Name under which extra positional arguments are collected (as a tuple value). */
  varargs?: string;
  /** Accept (and ignore) unknown keyword arguments instead of raising. */
  extraKwargs?: boolean;
  /** Collect unknown keyword arguments into BoundArgs.extra (Python's `**kwargs`), in call order. */
  varkw?: boolean;
}

export class BoundArgs {
  constructor(
    readonly op: string,
    readonly values: Map<string, Value>,
    readonly rest: Value[] = [],
    readonly extra: Map<string, Value> = new Map(),
  ) {}

  get(name: string): Value {
    return this.values.get(name) ?? NONE;
  }

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v.kind !== "none";
  }
}

/**
 * PyTorch's argument parser (python_arg_parser.cpp, `numpy_compatibility_arg_names`) also takes NumPy's
 * names for four parameters of its native functions and Tensor methods: `A.sum(axis=1, keepdims=True)`
 * is `A.sum(dim=1, keepdim=True)`.
 */
const NUMPY_NAMES: Record<string, string> = { axis: "dim", keepdims: "keepdim", x: "input", a: "input", x1: "input", x2: "other" };

/**
 * torch functions and Tensor methods written in Python (torch/functional.py, torch/_tensor.py): their
 * own parameter names only, and no `**kwargs` (`A.split(1, axis=0)` raises TypeError).
 */
const PYTHON_DEFINED = new Set(
  ["split", "norm", "unique", "unique_consecutive", "stft", "istft", "lu", "einsum", "meshgrid", "tensordot", "cdist"]
    .flatMap((n) => [`torch.${n}`, `Tensor.${n}`])
    .concat(["Tensor.unflatten", "torch.functional.split", "torch.functional.norm"]),
);

function nativeTorchOp(op: string): boolean {
  return (op.startsWith("torch.") || op.startsWith("Tensor.")) && !PYTHON_DEFINED.has(op);
}

/** Python's argument binding; errors are worded like Python's TypeError. */
export function bind(op: string, sig: OpSignature, call: CallArgs): BoundArgs {
  const values = new Map<string, Value>();
  const positional = sig.params.filter((p) => !p.kwOnly);
  const rest: Value[] = [];
  const extra = new Map<string, Value>();
  call.args.forEach((v, i) => {
    if (i < positional.length) values.set(positional[i].name, v);
    else if (sig.varargs) rest.push(v);
    else shapeError("invalid-argument", `${op}() takes ${positional.length} positional arguments but ${call.args.length} were given`);
  });
  for (const [given, v] of call.kwargs) {
    let k = given;
    let p = sig.params.find((q) => q.name === k);
    const numpyName = !p && Object.prototype.hasOwnProperty.call(NUMPY_NAMES, k) ? NUMPY_NAMES[k] : undefined;
    if (numpyName !== undefined) {
      if (PYTHON_DEFINED.has(op)) {
        if (k === "axis" || k === "keepdims") shapeError("invalid-argument", `${op}() got an unexpected keyword argument '${k}'`);
      } else if (nativeTorchOp(op)) {
        p = sig.params.find((q) => q.name === numpyName);
        if (p) k = numpyName;
        // An op the engine models without that parameter: whether PyTorch's has it is not known here.
        else if (sig.extraKwargs || sig.varkw) giveUp(`${op}() with NumPy's keyword '${k}' is not modelled`);
      }
    }
    if (!p) {
      if (sig.varkw) extra.set(k, v);
      if (sig.extraKwargs || sig.varkw) continue;
      shapeError("invalid-argument", `${op}() got an unexpected keyword argument '${k}'`);
    }
    if (values.has(k)) shapeError("invalid-argument", `${op}() got multiple values for argument '${k}'`);
    values.set(k, v);
  }
  for (const p of sig.params) {
    if (values.has(p.name)) continue;
    if (p.default === undefined) shapeError("invalid-argument", `${op}() missing required argument '${p.name}'`);
    values.set(p.name, p.default);
  }
  return new BoundArgs(op, values, rest, extra);
}

function known(v: Value, what: string): Value {
  if (v.kind === "unknown") giveUp(`${what} is not known${v.reason ? ` (${v.reason})` : ""}`);
  // Changed on a path the engine could not decide: its items are not known.
  if ((v.kind === "list" || v.kind === "dict") && v.poisoned) giveUp(`the contents of ${what} are not known`);
  return v;
}

/** An int, possibly symbolic (bools count as ints, like Python). */
export function toDim(v: Value, what: string): Dim {
  v = known(v, what);
  if (v.kind === "int") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  if (v.kind === "tensor" && v.shape && v.shape.length === 0) giveUp(`${what} is a tensor value`);
  // PyTorch names the type: "must be int, not float".
  const typeName = v.kind === "float" ? "float" : v.kind === "str" ? "str" : v.kind === "none" ? "NoneType" : undefined;
  return shapeError("invalid-argument", `argument '${what}' must be int, not ${typeName ? `${typeName} (${describe(v)})` : describe(v)}`);
}

/** An int that must be a concrete number (kernel sizes, strides); symbolic values give up. */
export function toInt(v: Value, what: string): number {
  const d = toDim(v, what);
  if (typeof d !== "number") giveUp(`${what} = ${d.key} is symbolic`);
  return d;
}

export function toFloat(v: Value, what: string): number {
  v = known(v, what);
  if (v.kind === "float" && v.approx) giveUp(`${what} = ${v.v} comes from math.log/exp/pow, whose last bit may differ from Python's`);
  if (v.kind === "float") return v.v;
  if (v.kind === "int" || v.kind === "bool") return toInt(v, what);
  return shapeError("invalid-argument", `argument '${what}' must be float, not ${describe(v)}`);
}

export function toBool(v: Value, what: string): boolean {
  v = known(v, what);
  if (v.kind === "bool") return v.v;
  if (v.kind === "int" && typeof v.v === "number") return v.v !== 0;
  if (v.kind === "none") return false;
  return giveUp(`${what} is not a known bool`);
}

export function toStr(v: Value, what: string): string {
  v = known(v, what);
  if (v.kind === "str") return v.v;
  return shapeError("invalid-argument", `argument '${what}' must be str, not ${describe(v)}`);
}

export function isNone(v: Value): boolean {
  return v.kind === "none";
}

/** Items of a tuple/list value (torch.Size included). */
export function toItems(v: Value, what: string): Value[] {
  v = known(v, what);
  if (v.kind === "tuple" || v.kind === "list") return v.items;
  return shapeError("invalid-argument", `argument '${what}' must be tuple of ints, not ${describe(v)}`);
}

/**
 * PyTorch's `_single/_pair/_triple`: an int is repeated n times; a sequence is taken as it is
 * (its length is the op's to check). Concrete ints only.
 */
export function toIntTuple(v: Value, n: number, what: string): number[] {
  v = known(v, what);
  if (v.kind === "tuple" || v.kind === "list") return v.items.map((x, i) => toInt(x, `${what}[${i}]`));
  const x = toInt(v, what);
  return Array.from({ length: n }, () => x);
}

/** Like toIntTuple but allowing symbolic ints (sizes such as `output_size`). */
export function toDimTuple(v: Value, n: number, what: string): Dim[] {
  v = known(v, what);
  if (v.kind === "tuple" || v.kind === "list") return v.items.map((x, i) => toDim(x, `${what}[${i}]`));
  const x = toDim(v, what);
  return Array.from({ length: n }, () => x);
}

export function toTensor(v: Value, what: string): TensorV {
  v = known(v, what);
  if (v.kind === "tensor") return v;
  return shapeError("invalid-argument", `${what} must be Tensor, not ${describe(v)}`);
}

/** The full shape of a tensor argument; gives up when it is not known or has a variadic lead. */
export function shapeOf(v: Value, what: string): Shape {
  const t = toTensor(v, what);
  if (!t.shape) giveUp(`the shape of ${what} is not known`);
  if (t.lead) giveUp(`${what} has an unknown number of leading dimensions (*${t.lead})`);
  return t.shape;
}

/** Python-style index normalisation for a dim argument; raises like PyTorch when out of range. */
export function normalizeDim(dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    shapeError("index-out-of-range", `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}
