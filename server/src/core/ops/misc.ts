// Ops that real model files use and no other family covers: triu/tril (attention masks), tile,
// cosine similarity, and the common losses (functional and module forms) with their reductions.
// Where PyTorch's behaviour depends on details not modelled (dtypes of targets, deprecated
// broadcasting) the rules give up instead of guessing.

import { Dim, knownEqual } from "../dim";
import { giveUp } from "../errors";
import { NONE, Shape, TensorV, Value, float, int, str, tensor } from "../values";
import { BoundArgs, OpSignature, ParamSpec, bind, normalizeDim, toInt, toItems, toStr, toTensor } from "./args";
import { broadcastShapes, sameShape } from "./broadcast";
import { registerFunction, registerLayer } from "./registry";

function reg(names: string[], signature: OpSignature, call: (b: BoundArgs) => Value): void {
  registerFunction({ names, signature, call });
}

function knownShape(t: TensorV, what: string): Shape {
  if (!t.shape || t.lead) return giveUp(`the shape of ${what} is not known`);
  return t.shape;
}

const TRI: OpSignature = { params: [{ name: "input" }, { name: "diagonal", default: int(0) }], extraKwargs: true };
for (const op of ["triu", "tril"]) {
  reg([`torch.${op}`, `Tensor.${op}`, `Tensor.${op}_`], TRI, (b) => {
    const t = toTensor(b.get("input"), "input");
    toInt(b.get("diagonal"), "diagonal");
    if (knownShape(t, "input").length < 2) giveUp(`${op} needs a tensor of at least 2 dimensions`);
    return sameShape(t);
  });
}

reg(["torch.tile", "Tensor.tile"], { params: [{ name: "input" }, { name: "dims" }], extraKwargs: true }, (b) => {
  const t = toTensor(b.get("input"), "input");
  const s = knownShape(t, "input");
  const reps = toItems(b.get("dims"), "dims").map((v, i) => toInt(v, `dims[${i}]`));
  if (reps.some((r) => r < 0)) giveUp("negative repeats");
  const n = Math.max(s.length, reps.length);
  const shape = [...Array(n - s.length).fill(1), ...s] as Dim[];
  const r = [...Array(n - reps.length).fill(1), ...reps] as number[];
  return tensor(
    shape.map((d, i) => (r[i] === 1 ? d : typeof d === "number" ? d * r[i] : giveUp("symbolic dim repeated"))),
    { dtype: t.dtype },
  );
});

/** cosine_similarity broadcasts both inputs, then reduces `dim`. */
function cosine(x1: Value, x2: Value, dimV: Value): TensorV {
  const a = knownShape(toTensor(x1, "x1"), "x1");
  const c = knownShape(toTensor(x2, "x2"), "x2");
  const s = broadcastShapes(a, c);
  if (!s.length) giveUp("cosine similarity of 0-d tensors");
  const d = normalizeDim(toInt(dimV, "dim"), s.length);
  return tensor(s.filter((_, i) => i !== d));
}

const COS: ParamSpec[] = [{ name: "x1" }, { name: "x2" }, { name: "dim", default: int(1) }, { name: "eps", default: float(1e-8) }];
reg(["F.cosine_similarity", "torch.cosine_similarity"], { params: COS }, (b) => cosine(b.get("x1"), b.get("x2"), b.get("dim")));

registerLayer({
  name: "CosineSimilarity",
  signature: {
    params: [
      { name: "dim", default: int(1) },
      { name: "eps", default: float(1e-8) },
    ],
  },
  construct: (a) => ({ params: 0, config: toInt(a.get("dim"), "dim"), attrs: { dim: a.get("dim"), eps: a.get("eps") } }),
  forward(config, call) {
    const a = bind("CosineSimilarity.forward", { params: [{ name: "x1" }, { name: "x2" }] }, call);
    return cosine(a.get("x1"), a.get("x2"), int(config));
  },
});

type LossKind = "pointwise" | "same-size" | "class";

function reduced(shape: Shape, reduction: string): TensorV {
  if (reduction === "mean" || reduction === "sum") return tensor([]);
  if (reduction === "none") return tensor(shape);
  return giveUp(`${reduction} is not a valid value for reduction`);
}

/** The loss value for input/target under the reduction; `kind` picks the shape rule. */
function loss(kind: LossKind, inputV: Value, targetV: Value, reductionV: Value): TensorV {
  const reduction = toStr(reductionV, "reduction");
  const input = knownShape(toTensor(inputV, "input"), "input");
  const target = knownShape(toTensor(targetV, "target"), "target");
  const sameSize = input.length === target.length && input.every((d, i) => knownEqual(d, target[i]) === true);
  if (kind === "pointwise") return reduced(broadcastShapes(input, target), reduction);
  if (kind === "same-size") {
    if (!sameSize) giveUp("the target size differs from the input size");
    return reduced(input, reduction);
  }
  // Class losses: target of class indices (input without its class dim) or of probabilities (same size).
  if (input.length === 0) giveUp("a 0-d input to a class loss");
  const withoutClass = input.length === 1 ? [] : [input[0], ...input.slice(2)];
  const indices = withoutClass.length === target.length && withoutClass.every((d, i) => knownEqual(d, target[i]) === true);
  if (indices) return reduced(withoutClass, reduction);
  if (sameSize) return reduced(withoutClass, reduction);
  return giveUp("the target's shape does not fit the input");
}

const N = (name: string): ParamSpec => ({ name, default: NONE });
const LEGACY = [N("size_average"), N("reduce")];
const RED: ParamSpec = { name: "reduction", default: str("mean") };

// (functional name, module name, shape rule, functional params after input/target, module params) as in 1.13.
const LOSSES: [string, string, LossKind, ParamSpec[], ParamSpec[]][] = [
  ["mse_loss", "MSELoss", "pointwise", [...LEGACY, RED], [...LEGACY, RED]],
  ["l1_loss", "L1Loss", "pointwise", [...LEGACY, RED], [...LEGACY, RED]],
  [
    "smooth_l1_loss",
    "SmoothL1Loss",
    "pointwise",
    [...LEGACY, RED, { name: "beta", default: float(1) }],
    [...LEGACY, RED, { name: "beta", default: float(1) }],
  ],
  ["huber_loss", "HuberLoss", "pointwise", [RED, { name: "delta", default: float(1) }], [RED, { name: "delta", default: float(1) }]],
  ["binary_cross_entropy", "BCELoss", "same-size", [N("weight"), ...LEGACY, RED], [N("weight"), ...LEGACY, RED]],
  [
    "binary_cross_entropy_with_logits",
    "BCEWithLogitsLoss",
    "same-size",
    [N("weight"), ...LEGACY, RED, N("pos_weight")],
    [N("weight"), ...LEGACY, RED, N("pos_weight")],
  ],
  [
    "cross_entropy",
    "CrossEntropyLoss",
    "class",
    [
      N("weight"),
      N("size_average"),
      { name: "ignore_index", default: int(-100) },
      N("reduce"),
      RED,
      { name: "label_smoothing", default: float(0) },
    ],
    [
      N("weight"),
      N("size_average"),
      { name: "ignore_index", default: int(-100) },
      N("reduce"),
      RED,
      { name: "label_smoothing", default: float(0) },
    ],
  ],
];

/** Legacy size_average/reduce and weights (which broadcast against an unreduced loss) are not modelled. */
function unmodelled(b: BoundArgs): void {
  if (b.has("size_average") || b.has("reduce")) giveUp("the legacy size_average/reduce arguments are not modelled");
  if (
    (b.has("weight") || b.has("pos_weight")) &&
    !(b.get("reduction").kind === "str" && (b.get("reduction") as { v: string }).v !== "none")
  ) {
    giveUp("loss weights on an unreduced loss are not modelled");
  }
}

for (const [fn, cls, kind, fparams, mparams] of LOSSES) {
  reg([`F.${fn}`], { params: [{ name: "input" }, { name: "target" }, ...fparams] }, (b) => {
    unmodelled(b);
    return loss(kind, b.get("input"), b.get("target"), b.get("reduction"));
  });
  registerLayer({
    name: cls,
    signature: { params: [...mparams, N("device"), N("dtype")] },
    construct(a) {
      unmodelled(a);
      const reduction = toStr(a.get("reduction"), "reduction");
      return { params: 0, config: reduction, attrs: { reduction: str(reduction) } };
    },
    forward(config, call) {
      const a = bind(`${cls}.forward`, { params: [{ name: "input" }, { name: "target" }] }, call);
      return loss(kind, a.get("input"), a.get("target"), str(config));
    },
  });
}
