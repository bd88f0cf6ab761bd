// Shape rules for activations and dropout (PyTorch 1.13): every shape-preserving nn module
// (ReLU, GELU, Softmax, Dropout2d, ...) and its functional, torch.* and Tensor.* forms, plus the few
// that change or check shapes: GLU halves a dim, PReLU checks its channel count, Softmax-like ops
// range-check `dim`, Dropout1d checks the rank, and torch.clamp broadcasts tensor bounds.

import { Dim, formatDim, knownEqual } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, TensorV, Value, bool, float, int, str, tensor } from "../values";
import { BoundArgs, OpSignature, ParamSpec, bind, isNone, normalizeDim, shapeOf, toBool, toFloat, toInt, toStr, toTensor } from "./args";
import { registerFunction, registerLayer } from "./registry";
import { pyRepr } from "./spatialArith";
import { byVersion, isTorch2 } from "../torchVersion";

/** A copy of the input tensor's type (shape, variadic lead, dtype). */
function same(t: TensorV): TensorV {
  return tensor(t.shape ? [...t.shape] : null, { lead: t.lead, dtype: t.dtype });
}

function knownShape(t: TensorV): Shape | undefined {
  return t.shape && !t.lead ? t.shape : undefined;
}

/** Python's repr of a number argument as it appears in torch's messages (2 vs 2.0). */
function pyNumber(v: Value): string {
  if (v.kind === "float") return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
  if (v.kind === "bool") return v.v ? "True" : "False";
  if (v.kind === "int") return formatDim(v.v);
  return "?";
}

function checkDropoutP(v: Value): void {
  const p = toFloat(v, "p");
  if (p < 0 || p > 1) {
    shapeError("invalid-argument", `dropout probability has to be between 0 and 1, but got ${pyNumber(v)}`);
  }
}

/** Range check of a `dim` argument against the input's rank, when both are known. */
function checkDim(input: TensorV, dimV: Value): void {
  if (dimV.kind === "str") giveUp("named dimensions");
  const dim = toInt(dimV, "dim");
  const shape = knownShape(input);
  if (shape) normalizeDim(dim, shape.length);
}

// ---- Per-op checks shared by module and functional forms ----

function celuCheck(alpha: Value): void {
  if (toFloat(alpha, "alpha") === 0) shapeError("invalid-argument", "ZeroDivisionError: alpha cannot be 0 for CELU");
}

function geluCheck(approximate: Value): void {
  const s = toStr(approximate, "approximate");
  if (s !== "none" && s !== "tanh") shapeError("invalid-argument", "approximate argument must be either none or tanh.");
}

function glu(input: TensorV, dimV: Value): TensorV {
  const dim = toInt(dimV, "dim");
  if (!input.shape) return tensor(null);
  if (input.lead) {
    if (dim >= 0 || -dim > input.shape.length) giveUp(`GLU over a dim hidden by *${input.lead}`);
    const i = input.shape.length + dim;
    const half = halve(input.shape[i], dim, true);
    const out = [...input.shape];
    out[i] = half;
    return tensor(out, { lead: input.lead });
  }
  if (input.shape.length === 0) shapeError("invalid-argument", "glu does not support scalars because halving size must be even");
  const d = normalizeDim(dim, input.shape.length);
  const out = [...input.shape];
  out[d] = halve(out[d], d, false);
  return tensor(out);
}

function halve(size: Dim, shownDim: number, hidden: boolean): Dim {
  if (typeof size !== "number") giveUp(`cannot tell whether ${formatDim(size)} is even`);
  if (size % 2 !== 0) {
    if (hidden) giveUp("odd GLU dim; its absolute index is hidden by a variadic lead");
    shapeError("shape-mismatch", `Halving dimension must be even, but dimension ${shownDim} is size ${size}`);
  }
  return size / 2;
}

/** ATen prelu: a weight with more than one element must match the input's channel dim (dim 1). */
function prelu(input: TensorV, weight: Shape): TensorV {
  const n = weight.reduce<Dim | null>((acc, d) => (acc === null || typeof d !== "number" || typeof acc !== "number" ? null : acc * d), 1);
  const shape = knownShape(input);
  if (n === null) giveUp("the PReLU weight size is not known");
  if (n !== 1 && shape) {
    if (shape.length === 0) shapeError("rank-mismatch", "Not allow zero-dim input tensor.");
    const channels = shape.length > 1 ? shape[1] : 1;
    if (knownEqual(channels, n) === false) {
      shapeError(
        "channel-mismatch",
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${formatDim(channels)}.`,
      );
    }
  }
  if (weight.length > 1) {
    shapeError("invalid-argument", `prelu: Expected \`weight\` to be a scalar or 1D tensor, but got ndim = ${weight.length}`);
  }
  return same(input);
}

const DROPOUT1D_NOTE =
  "Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).";

function dropout1dRank(input: TensorV): void {
  const shape = knownShape(input);
  if (shape && shape.length !== 2 && shape.length !== 3) {
    shapeError("rank-mismatch", `dropout1d: Expected 2D or 3D input, but received a ${shape.length}D input. ${DROPOUT1D_NOTE}`);
  }
}

/**
 * ATen feature dropout, when certainly training: it needs ≥ 2 dims. `unsqueezed` is how many dims
 * the Python wrapper added first (dropout2d/3d add one to inputs they treat as unbatched).
 */
function featureDropoutRank(input: TensorV, training: boolean, unsqueezed: number): void {
  const shape = knownShape(input);
  if (training && shape && shape.length + unsqueezed < 2) {
    shapeError("rank-mismatch", "Feature dropout requires at least 2 dimensions in the input");
  }
}

function softmax2dRank(input: TensorV): void {
  const shape = knownShape(input);
  if (shape && shape.length !== 3 && shape.length !== 4) {
    shapeError(
      "rank-mismatch",
      byVersion({
        "1.13": "Softmax2d requires a 3D or 4D tensor as input",
        "2": `Softmax2d: expected input to be 3D or 4D, got ${shape.length}D instead`,
      }),
    );
  }
}

function numberOf(v: Value): number | undefined {
  if (v.kind === "float") return v.v;
  if (v.kind === "int" && typeof v.v === "number") return v.v;
  return undefined;
}

/** nn.Hardtanh asserts max_val > min_val (min_value/max_value are deprecated aliases that win). */
function hardtanhBounds(a: BoundArgs): void {
  const lo = isNone(a.get("min_value")) ? a.get("min_val") : a.get("min_value");
  const hi = isNone(a.get("max_value")) ? a.get("max_val") : a.get("max_value");
  const [l, h] = [numberOf(lo), numberOf(hi)];
  if (l === undefined || h === undefined || h > l) return;
  // 1.13's assertion has no message.
  shapeError("invalid-argument", isTorch2() ? `max_val (${pyRepr(hi)}) must be greater than min_val (${pyRepr(lo)})` : "AssertionError");
}

// ---- Modules ----

interface ModuleSpec {
  name: string;
  params: ParamSpec[];
  /** Checks made in __init__. */
  init?: (a: BoundArgs) => void;
  /** Forward: defaults to returning the input's shape. */
  forward?: (a: BoundArgs, input: TensorV) => Value;
}

const inplace: ParamSpec = { name: "inplace", default: bool(false) };
const pArg: ParamSpec = { name: "p", default: float(0.5) };
const dimNone: ParamSpec = { name: "dim", default: NONE };

const modules: ModuleSpec[] = [
  { name: "ReLU", params: [inplace] },
  { name: "ReLU6", params: [inplace] },
  { name: "LeakyReLU", params: [{ name: "negative_slope", default: float(0.01) }, inplace] },
  { name: "ELU", params: [{ name: "alpha", default: float(1.0) }, inplace] },
  { name: "SELU", params: [inplace] },
  {
    name: "CELU",
    params: [{ name: "alpha", default: float(1.0) }, inplace],
    forward: (a, x) => (celuCheck(a.get("alpha")), same(x)),
  },
  { name: "GELU", params: [{ name: "approximate", default: str("none") }], forward: (a, x) => (geluCheck(a.get("approximate")), same(x)) },
  { name: "SiLU", params: [inplace] },
  { name: "Mish", params: [inplace] },
  { name: "Sigmoid", params: [] },
  { name: "Tanh", params: [] },
  {
    name: "Hardtanh",
    params: [
      { name: "min_val", default: float(-1.0) },
      { name: "max_val", default: float(1.0) },
      inplace,
      { name: "min_value", default: NONE },
      { name: "max_value", default: NONE },
    ],
    init: hardtanhBounds,
  },
  { name: "Hardswish", params: [inplace] },
  { name: "Hardsigmoid", params: [inplace] },
  {
    name: "Softplus",
    params: [
      { name: "beta", default: int(1) },
      { name: "threshold", default: int(20) },
    ],
  },
  { name: "Softsign", params: [] },
  { name: "Tanhshrink", params: [] },
  { name: "Threshold", params: [{ name: "threshold" }, { name: "value" }, inplace] },
  { name: "LogSigmoid", params: [] },
  { name: "Hardshrink", params: [{ name: "lambd", default: float(0.5) }] },
  { name: "Softshrink", params: [{ name: "lambd", default: float(0.5) }] },
  {
    name: "RReLU",
    params: [{ name: "lower", default: float(0.125) }, { name: "upper", default: float(1 / 3) }, inplace],
  },
  ...["Softmax", "LogSoftmax", "Softmin"].map((name): ModuleSpec => ({
    name,
    params: [dimNone],
    forward: (a, x) => {
      if (!isNone(a.get("dim"))) checkDim(x, a.get("dim"));
      return same(x);
    },
  })),
  { name: "Softmax2d", params: [], forward: (_a, x) => (softmax2dRank(x), same(x)) },
  { name: "GLU", params: [{ name: "dim", default: int(-1) }], forward: (a, x) => glu(x, a.get("dim")) },
  ...["Dropout", "AlphaDropout", "FeatureAlphaDropout", "Dropout2d", "Dropout3d"].map((name): ModuleSpec => ({
    name,
    params: [pArg, inplace],
    init: (a) => checkDropoutP(a.get("p")),
  })),
  {
    name: "Dropout1d",
    params: [pArg, inplace],
    init: (a) => checkDropoutP(a.get("p")),
    forward: (_a, x) => (dropout1dRank(x), same(x)),
  },
];

for (const spec of modules) {
  registerLayer({
    name: spec.name,
    signature: { params: spec.params },
    construct(a) {
      spec.init?.(a);
      return { params: 0, config: a, attrs: Object.fromEntries(a.values) };
    },
    forward(config, call: CallArgs): Value {
      const input = toTensor(bind(`${spec.name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
      return spec.forward ? spec.forward(config, input) : same(input);
    },
  });
}

interface PReLUConfig {
  n: number;
}

registerLayer({
  name: "PReLU",
  signature: {
    params: [
      { name: "num_parameters", default: int(1) },
      { name: "init", default: float(0.25) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const n = toInt(a.get("num_parameters"), "num_parameters");
    if (n < 0) shapeError("invalid-argument", `Trying to create tensor with negative dimension ${n}: [${n}]`);
    const config: PReLUConfig = { n };
    return { params: n, config, attrs: { num_parameters: int(n), init: a.get("init"), weight: tensor([n]) } };
  },
  forward(c, call) {
    const input = toTensor(bind("PReLU.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    return prelu(input, [c.n]);
  },
  macs: "batch",
});

// ---- Functions ----

/** Loose binding for forms whose extra arguments do not matter to the shape. */
function loose(first: string): OpSignature {
  return { params: [{ name: first }], varargs: "rest", extraKwargs: true };
}

function forms(base: string, opts: { F?: boolean; torch?: boolean; tensor?: boolean }): string[] {
  const out: string[] = [];
  if (opts.F) out.push(`F.${base}`);
  if (opts.torch) out.push(`torch.${base}`);
  if (opts.tensor) out.push(`Tensor.${base}`);
  return out;
}

const passthrough: string[] = [
  // torch.relu / sigmoid / tanh and their Tensor forms are elementwise.ts's (unary math ops).
  ...["relu", "relu_", "sigmoid", "tanh"].map((b) => `F.${b}`),
  ...forms("hardshrink", { torch: true, tensor: true }),
  ...["selu", "selu_", "rrelu", "rrelu_", "threshold", "threshold_"].flatMap((b) => forms(b, { F: true, torch: true })),
  ...["elu", "elu_", "leaky_relu", "leaky_relu_", "relu6", "silu", "mish", "hardtanh_"].map((b) => `F.${b}`),
  ...["hardswish", "hardsigmoid", "softplus", "softsign", "tanhshrink", "logsigmoid", "hardshrink", "softshrink"].map((b) => `F.${b}`),
];

for (const name of passthrough) {
  registerFunction({
    names: [name],
    signature: loose(name.startsWith("Tensor.") ? "self" : "input"),
    call: (a) => same(toTensor(a.get(name.startsWith("Tensor.") ? "self" : "input"), "input")),
  });
}

registerFunction({
  names: ["F.hardtanh"],
  signature: {
    params: [{ name: "input" }, { name: "min_val", default: float(-1.0) }, { name: "max_val", default: float(1.0) }],
    varargs: "rest",
    extraKwargs: true,
  },
  call(a) {
    // PyTorch 2 rejects inverted bounds; 1.13 clamps with them.
    const [l, h] = [numberOf(a.get("min_val")), numberOf(a.get("max_val"))];
    if (isTorch2() && l !== undefined && h !== undefined && l > h) shapeError("invalid-argument", "min_val cannot be greater than max_val");
    return same(toTensor(a.get("input"), "input"));
  },
});

registerFunction({
  names: ["F.celu", "F.celu_", "torch.celu", "torch.celu_"],
  signature: { params: [{ name: "input" }, { name: "alpha", default: float(1.0) }], varargs: "rest", extraKwargs: true },
  call(a) {
    celuCheck(a.get("alpha"));
    return same(toTensor(a.get("input"), "input"));
  },
});

registerFunction({
  names: ["F.gelu"],
  signature: { params: [{ name: "input" }, { name: "approximate", default: str("none") }] },
  call(a) {
    geluCheck(a.get("approximate"));
    return same(toTensor(a.get("input"), "input"));
  },
});

// Softmax family: F.* take an optional dim (implicit choice only warns); torch.* / Tensor.* need one.
for (const base of ["softmax", "log_softmax", "softmin"]) {
  registerFunction({
    names: [`F.${base}`],
    signature: {
      params: [
        { name: "input" },
        { name: "dim", default: NONE },
        { name: "_stacklevel", default: int(3) },
        { name: "dtype", default: NONE },
      ],
    },
    call(a) {
      const input = toTensor(a.get("input"), "input");
      if (!isNone(a.get("dim"))) checkDim(input, a.get("dim"));
      return same(input);
    },
  });
}
for (const name of ["torch.softmax", "torch.log_softmax", "Tensor.softmax", "Tensor.log_softmax"]) {
  const self = name.startsWith("Tensor.") ? "self" : "input";
  registerFunction({
    names: [name],
    signature: { params: [{ name: self }, { name: "dim", default: NONE }, { name: "dtype", default: NONE }] },
    call(a) {
      const input = toTensor(a.get(self), "input");
      if (isNone(a.get("dim"))) giveUp(`${name} without dim`);
      checkDim(input, a.get("dim"));
      return same(input);
    },
  });
}

registerFunction({
  names: ["F.gumbel_softmax"],
  signature: {
    params: [
      { name: "logits" },
      { name: "tau", default: int(1) },
      { name: "hard", default: bool(false) },
      { name: "eps", default: float(1e-10) },
      { name: "dim", default: int(-1) },
    ],
  },
  call(a) {
    const input = toTensor(a.get("logits"), "logits");
    checkDim(input, a.get("dim"));
    return same(input);
  },
});

registerFunction({
  names: ["F.glu"],
  signature: { params: [{ name: "input" }, { name: "dim", default: int(-1) }] },
  call: (a) => glu(toTensor(a.get("input"), "input"), a.get("dim")),
});

registerFunction({
  names: ["F.prelu", "torch.prelu"],
  signature: { params: [{ name: "input" }, { name: "weight" }] },
  call: (a) => prelu(toTensor(a.get("input"), "input"), shapeOf(a.get("weight"), "weight")),
});
registerFunction({
  names: ["Tensor.prelu"],
  signature: { params: [{ name: "self" }, { name: "weight" }] },
  call: (a) => prelu(toTensor(a.get("self"), "input"), shapeOf(a.get("weight"), "weight")),
});

// Dropout functions: p is checked first; feature dropout needs ≥ 2 dims when training.
const dropoutSig = (trainingDefault: boolean): OpSignature => ({
  params: [{ name: "input" }, pArg, { name: "training", default: bool(trainingDefault) }, inplace],
});

registerFunction({
  names: ["F.dropout"],
  signature: dropoutSig(true),
  call(a) {
    checkDropoutP(a.get("p"));
    return same(toTensor(a.get("input"), "input"));
  },
});
registerFunction({
  names: ["F.alpha_dropout"],
  signature: dropoutSig(false),
  call(a) {
    checkDropoutP(a.get("p"));
    return same(toTensor(a.get("input"), "input"));
  },
});
registerFunction({
  names: ["F.feature_alpha_dropout"],
  signature: dropoutSig(false),
  call(a) {
    checkDropoutP(a.get("p"));
    const input = toTensor(a.get("input"), "input");
    featureDropoutRank(input, toBool(a.get("training"), "training"), 0);
    return same(input);
  },
});
registerFunction({
  names: ["F.dropout1d"],
  signature: dropoutSig(true),
  call(a) {
    checkDropoutP(a.get("p"));
    const input = toTensor(a.get("input"), "input");
    dropout1dRank(input);
    return same(input);
  },
});
for (const [name, batchedRank] of [
  ["F.dropout2d", 4],
  ["F.dropout3d", 5],
] as const) {
  registerFunction({
    names: [name],
    signature: dropoutSig(true),
    call(a) {
      checkDropoutP(a.get("p"));
      const input = toTensor(a.get("input"), "input");
      const shape = knownShape(input);
      // dropout3d treats any other rank as unbatched and adds a leading dim first (with a warning);
      // dropout2d only warns.
      const added = batchedRank === 5 && !(shape && shape.length === batchedRank) ? 1 : 0;
      featureDropoutRank(input, toBool(a.get("training"), "training"), added);
      return same(input);
    },
  });
}
for (const [base, feature] of [
  ["dropout", false],
  ["dropout_", false],
  ["alpha_dropout", false],
  ["alpha_dropout_", false],
  ["feature_dropout", true],
  ["feature_dropout_", true],
  ["feature_alpha_dropout", true],
  ["feature_alpha_dropout_", true],
] as const) {
  registerFunction({
    names: [`torch.${base}`],
    signature: { params: [{ name: "input" }, { name: "p" }, { name: "train" }] },
    call(a) {
      checkDropoutP(a.get("p"));
      const input = toTensor(a.get("input"), "input");
      if (feature) featureDropoutRank(input, toBool(a.get("train"), "train"), 0);
      return same(input);
    },
  });
}
