// Elementwise ops: Python operators on tensors, torch.add/mul/where/lerp/addcmul/clamp/masked_fill
// and friends (broadcasting their tensor operands), in-place variants (which may not change the
// shape of self), and the many unary ops that keep the shape.

import { isTorch2 } from "../torchVersion";
import { knownEqual } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, TensorV, Value, bool, describe, int } from "../values";
import { BoundArgs, OpSignature, toTensor } from "./args";
import { broadcastTensors, fmtShape, knownDifferent, sameShape, selfTensor } from "./broadcast";
import { registerFunction } from "./registry";

/** Tensor operands among `vals`: Python numbers are scalars and take no part in broadcasting. */
function tensorOperands(vals: Value[], allowNone = false): TensorV[] {
  const out: TensorV[] = [];
  for (const v of vals) {
    if (v.kind === "tensor") out.push(v);
    else if (v.kind === "int" || v.kind === "float" || v.kind === "bool" || v.kind === "none") continue;
    else if (v.kind === "unknown") giveUp(`an operand is not known${v.reason ? ` (${v.reason.slice(0, 200)})` : ""}`);
    else giveUp(`unsupported operand ${describe(v)}`);
  }
  if (out.length === 0 && !allowNone) giveUp("no tensor operand");
  return out;
}

type DtypeRule = "same" | "bool" | "float" | "none";

/** Result dtype, tracked only in the clear cases. */
function resultDtype(rule: DtypeRule, vals: Value[]): string | undefined {
  if (rule === "bool") return "bool";
  if (rule === "none") return undefined;
  const ts = vals.filter((v): v is TensorV => v.kind === "tensor");
  const d = ts[0]?.dtype;
  if (!d || ts.some((t) => t.dtype !== d)) return undefined;
  const isFloat = d.startsWith("float") || d === "bfloat16";
  if (rule === "float" && !isFloat) return undefined;
  const scalars = vals.filter((v) => v.kind === "int" || v.kind === "float" || v.kind === "bool");
  if (!isFloat && scalars.some((v) => v.kind === "float")) return undefined;
  return d;
}

/** Out-of-place result: the broadcast of all tensor operands, in PyTorch's operand order. */
export function elementwise(vals: Value[], rule: DtypeRule = "same"): TensorV {
  return broadcastTensors(tensorOperands(vals), resultDtype(rule, vals));
}

/** In-place result: the operands broadcast with self first, and the result must have self's shape. */
export function inplace(self: TensorV, others: Value[]): TensorV {
  const r = broadcastTensors([self, ...tensorOperands(others, true)]);
  const a = self.shape;
  const o = r.shape;
  if (!a || !o) giveUp("the shape of self is not known");
  const same = a.length === o.length && r.lead === self.lead && a.every((d, i) => knownEqual(d, o[i]) === true);
  // Report only a provable mismatch: a new leading dim, or a size that certainly differs.
  const provable = a.length !== o.length || a.some((d, i) => knownDifferent(d, o[i]));
  if (!same && !self.lead && !r.lead && !provable) giveUp(`cannot tell whether ${fmtShape(o)} equals ${fmtShape(a)}`);
  if (!same) {
    if (self.lead || r.lead) giveUp("in-place op on tensors with variadic leading dimensions");
    shapeError("broadcast", `output with shape ${fmtShape(a)} doesn't match the broadcast shape ${fmtShape(o)}`);
  }
  return sameShape(self);
}

function reg(names: string[], signature: OpSignature, call: (b: BoundArgs) => Value): void {
  registerFunction({ names, signature, call });
}

const SELF_OTHER: OpSignature = {
  params: [{ name: "self" }, { name: "other" }],
  extraKwargs: true,
};

// Python operators. The evaluator passes the tensor first for reflected operators.
const ARITH_DUNDERS = ["add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift"];
const BIT_DUNDERS = ["and", "or", "xor"];
const CMP_DUNDERS = ["lt", "le", "gt", "ge", "eq", "ne"];

for (const op of ARITH_DUNDERS) {
  const rule: DtypeRule = op === "truediv" ? "float" : "same";
  reg([`Tensor.__${op}__`, `Tensor.__r${op}__`], SELF_OTHER, (b) => elementwise([b.get("self"), b.get("other")], rule));
  reg([`Tensor.__i${op}__`], SELF_OTHER, (b) => inplace(selfTensor(b), [b.get("other")]));
}
for (const op of BIT_DUNDERS) {
  reg([`Tensor.__${op}__`, `Tensor.__r${op}__`], SELF_OTHER, (b) => elementwise([b.get("self"), b.get("other")], "same"));
  reg([`Tensor.__i${op}__`], SELF_OTHER, (b) => inplace(selfTensor(b), [b.get("other")]));
}
for (const op of CMP_DUNDERS) {
  reg([`Tensor.__${op}__`], SELF_OTHER, (b) => {
    const other = b.get("other");
    // `x == None` is plain Python: False (and `x != None` True).
    if (other.kind === "none" && (op === "eq" || op === "ne")) return bool(op === "ne");
    if (other.kind === "none") giveUp(`comparison of a tensor with None`);
    return elementwise([b.get("self"), other], "bool");
  });
}

for (const op of ["neg", "pos", "abs", "invert"]) {
  reg([`Tensor.__${op}__`], { params: [{ name: "self" }] }, (b) => sameShape(selfTensor(b)));
}

// Binary functions and methods: torch.X(input, other), Tensor.X(self, other), Tensor.X_(self, other).
const BINARY: [string, DtypeRule][] = [
  ["add", "same"],
  ["sub", "same"],
  ["subtract", "same"],
  ["mul", "same"],
  ["multiply", "same"],
  ["div", "none"],
  ["divide", "none"],
  ["true_divide", "float"],
  ["floor_divide", "same"],
  ["remainder", "same"],
  ["fmod", "same"],
  ["pow", "none"],
  ["float_power", "none"],
  ["atan2", "float"],
  ["arctan2", "float"],
  ["hypot", "float"],
  ["copysign", "float"],
  ["xlogy", "none"],
  ["maximum", "same"],
  ["minimum", "same"],
  ["fmax", "same"],
  ["fmin", "same"],
  ["bitwise_and", "same"],
  ["bitwise_or", "same"],
  ["bitwise_xor", "same"],
  ["logical_and", "bool"],
  ["logical_or", "bool"],
  ["logical_xor", "bool"],
  ["eq", "bool"],
  ["ne", "bool"],
  ["not_equal", "bool"],
  ["lt", "bool"],
  ["less", "bool"],
  ["le", "bool"],
  ["less_equal", "bool"],
  ["gt", "bool"],
  ["greater", "bool"],
  ["ge", "bool"],
  ["greater_equal", "bool"],
  ["isclose", "bool"],
];
for (const [name, rule] of BINARY) {
  const sig: OpSignature = {
    params: [{ name: "input" }, { name: "other" }],
    extraKwargs: true,
  };
  reg([`torch.${name}`, `Tensor.${name}`], sig, (b) => elementwise([b.get("input"), b.get("other")], rule));
  reg([`Tensor.${name}_`], sig, (b) => inplace(toTensor(b.get("input"), "self"), [b.get("other")]));
}
reg(["torch.pow"], { params: [{ name: "input" }, { name: "exponent" }], extraKwargs: true }, (b) =>
  elementwise([b.get("input"), b.get("exponent")], "none"),
);
reg(["Tensor.pow", "Tensor.__pow__", "Tensor.__rpow__"], { params: [{ name: "self" }, { name: "exponent" }], extraKwargs: true }, (b) =>
  elementwise([b.get("self"), b.get("exponent")], "none"),
);
reg(["Tensor.pow_"], { params: [{ name: "self" }, { name: "exponent" }] }, (b) => inplace(selfTensor(b), [b.get("exponent")]));

// where(condition, input, other); Tensor.where(self, condition, other) broadcasts in the same order.
reg(
  ["torch.where"],
  {
    params: [{ name: "condition" }, { name: "input", default: NONE }, { name: "other", default: NONE }],
  },
  (b) => {
    if (!b.has("input") && !b.has("other")) giveUp("torch.where(condition) returns data-dependent indices");
    return elementwise([b.get("condition"), b.get("input"), b.get("other")], "none");
  },
);
reg(["Tensor.where"], { params: [{ name: "self" }, { name: "condition" }, { name: "other" }] }, (b) => {
  const other = b.get("other");
  // PyTorch 2 takes a Python scalar as `other`; 1.13 wants a tensor.
  if ((other.kind === "int" || other.kind === "float" || other.kind === "bool") && !isTorch2()) {
    shapeError("invalid-argument", `where(): argument 'other' (position 2) must be Tensor, not ${other.kind}`);
  }
  return elementwise([b.get("condition"), b.get("self"), other], "none");
});

reg(["torch.lerp", "Tensor.lerp"], { params: [{ name: "input" }, { name: "end" }, { name: "weight" }] }, (b) =>
  elementwise([b.get("input"), b.get("end"), b.get("weight")], "same"),
);
reg(["Tensor.lerp_"], { params: [{ name: "input" }, { name: "end" }, { name: "weight" }] }, (b) =>
  inplace(toTensor(b.get("input"), "self"), [b.get("end"), b.get("weight")]),
);
for (const name of ["addcmul", "addcdiv"]) {
  const sig: OpSignature = {
    params: [{ name: "input" }, { name: "tensor1" }, { name: "tensor2" }, { name: "value", default: int(1), kwOnly: true }],
    extraKwargs: true,
  };
  reg([`torch.${name}`, `Tensor.${name}`], sig, (b) => elementwise([b.get("input"), b.get("tensor1"), b.get("tensor2")], "same"));
  reg([`Tensor.${name}_`], sig, (b) => inplace(toTensor(b.get("input"), "self"), [b.get("tensor1"), b.get("tensor2")]));
}

const CLAMP: OpSignature = {
  params: [{ name: "input" }, { name: "min", default: NONE }, { name: "max", default: NONE }],
  extraKwargs: true,
};
reg(["torch.clamp", "torch.clip", "Tensor.clamp", "Tensor.clip"], CLAMP, (b) =>
  elementwise([b.get("input"), b.get("min"), b.get("max")], "same"),
);
reg(["Tensor.clamp_", "Tensor.clip_", "torch.clamp_"], CLAMP, (b) =>
  inplace(toTensor(b.get("input"), "self"), [b.get("min"), b.get("max")]),
);
reg(["torch.clamp_min", "torch.clamp_max", "Tensor.clamp_min", "Tensor.clamp_max"], SELF_OTHER, (b) =>
  elementwise([b.get("self"), b.get("other")], "same"),
);

function checkFillValue(v: Value): void {
  if (v.kind === "tensor" && v.shape && v.shape.length > 0 && !v.lead) {
    shapeError(
      "invalid-argument",
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${v.shape.length} dimension(s).`,
    );
  }
  if (v.kind === "tensor" && (!v.shape || v.lead)) giveUp("the rank of the fill value is not known");
}
const MASKED: OpSignature = {
  params: [{ name: "input" }, { name: "mask" }, { name: "value" }],
};
reg(["torch.masked_fill", "Tensor.masked_fill"], MASKED, (b) => {
  checkFillValue(b.get("value"));
  const self = toTensor(b.get("input"), "self");
  const mask = toTensor(b.get("mask"), "mask");
  return broadcastTensors([mask, self], self.dtype);
});
reg(["Tensor.masked_fill_"], MASKED, (b) => {
  checkFillValue(b.get("value"));
  return inplace(toTensor(b.get("input"), "self"), [toTensor(b.get("mask"), "mask")]);
});
reg(["Tensor.copy_"], { params: [{ name: "self" }, { name: "src" }], extraKwargs: true }, (b) =>
  inplace(selfTensor(b), [toTensor(b.get("src"), "src")]),
);

// Unary ops that keep the shape (torch.X, Tensor.X and in-place Tensor.X_).
const UNARY = [
  "exp",
  "exp2",
  "expm1",
  "log",
  "log2",
  "log10",
  "log1p",
  "sqrt",
  "rsqrt",
  "square",
  "abs",
  "absolute",
  "neg",
  "negative",
  "positive",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh",
  "tanh",
  "asinh",
  "acosh",
  "atanh",
  "arcsinh",
  "arccosh",
  "arctanh",
  "sigmoid",
  "relu",
  "sign",
  "sgn",
  "floor",
  "ceil",
  "round",
  "trunc",
  "fix",
  "frac",
  "reciprocal",
  "erf",
  "erfc",
  "erfinv",
  "lgamma",
  "digamma",
  "i0",
  "sinc",
  "deg2rad",
  "rad2deg",
  "logit",
  "nan_to_num",
  "conj",
  "bitwise_not",
  "angle",
  "bernoulli",
  "poisson",
];
const UNARY_INPLACE_ONLY = [
  "fill_",
  "zero_",
  "normal_",
  "uniform_",
  "random_",
  "bernoulli_",
  "exponential_",
  "geometric_",
  "cauchy_",
  "log_normal_",
  "fill_diagonal_",
  "index_fill_",
  "masked_scatter_",
  "scatter_",
  "scatter_add_",
  "index_put_",
  "index_add_",
  "index_copy_",
  "set_requires_grad",
];
const BOOL_UNARY = ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "signbit", "logical_not"];
const ANY: OpSignature = {
  params: [{ name: "input" }],
  varargs: "rest",
  extraKwargs: true,
};
// These promote integer and bool inputs to the default dtype float32 (checked on 1.13).
const FLOAT_UNARY = new Set(
  "exp exp2 expm1 log log2 log10 log1p sqrt rsqrt sin cos tan asin acos atan arcsin arccos arctan sinh cosh tanh asinh acosh atanh arcsinh arccosh arctanh sigmoid erf erfc erfinv lgamma digamma i0 sinc deg2rad rad2deg logit reciprocal angle".split(
    " ",
  ),
);
function unaryDtype(name: string, t: TensorV): string | null | undefined {
  if (!FLOAT_UNARY.has(name) || !t.dtype) return FLOAT_UNARY.has(name) ? null : undefined;
  return t.dtype.startsWith("float") || t.dtype === "bfloat16" ? undefined : t.dtype.startsWith("complex") ? null : "float32";
}
for (const name of UNARY) {
  reg([`torch.${name}`, `Tensor.${name}`], ANY, (b) => {
    const t = toTensor(b.get("input"), "input");
    return sameShape(t, unaryDtype(name, t));
  });
  reg([`Tensor.${name}_`, `torch.${name}_`], ANY, (b) => sameShape(toTensor(b.get("input"), "input")));
}
for (const name of UNARY_INPLACE_ONLY) {
  reg([`Tensor.${name}`], ANY, (b) => sameShape(toTensor(b.get("input"), "self")));
}
for (const name of BOOL_UNARY) {
  reg([`torch.${name}`, `Tensor.${name}`], ANY, (b) => sameShape(toTensor(b.get("input"), "input"), "bool"));
}
reg(["Tensor.logical_not_"], ANY, (b) => sameShape(toTensor(b.get("input"), "self")));
