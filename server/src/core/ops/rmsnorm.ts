// nn.RMSNorm and F.rms_norm (PyTorch 2 only): shape-preserving, with PyTorch 2.13's checks in its
// order: a non-empty normalized_shape, the weight's shape, the input's rank (a ValueError), then
// its trailing dims. Parameters: prod(normalized_shape) when elementwise_affine (no bias).

import { Dim, formatDim, knownEqual, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Shape, TensorV, Value, bool, tensor, tuple, int } from "../values";
import { bind, isNone, shapeOf, toBool, toDim, toTensor } from "./args";
import { checkParamSize } from "./linear";
import { registerFunction, registerLayer } from "./registry";

const dimList = (s: readonly Dim[]): string => `[${s.map(formatDim).join(", ")}]`;

function normalizedShape(v: Value, fromModule: boolean): Dim[] {
  if (v.kind === "int" || v.kind === "bool") {
    if (fromModule) return [toDim(v, "normalized_shape")];
    shapeError("invalid-argument", "rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int");
  }
  if (v.kind === "tuple" || v.kind === "list") return v.items.map((x, i) => toDim(x, `normalized_shape[${i}]`));
  return giveUp("normalized_shape is not known");
}

function sameShape(a: Shape, b: Shape): boolean | undefined {
  if (a.length !== b.length) return false;
  const eq = a.map((d, i) => knownEqual(d, b[i]));
  return eq.includes(false) ? false : eq.includes(undefined) ? undefined : true;
}

function rmsNormCheck(input: TensorV, ns: Dim[], weight?: Shape): TensorV {
  if (ns.length === 0) {
    shapeError(
      "invalid-argument",
      "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []",
    );
  }
  if (!input.shape || input.lead) return tensor(input.shape ? [...input.shape] : null, { lead: input.lead, dtype: input.dtype });
  const shape = input.shape;
  if (weight && sameShape(weight, ns) === false) {
    if (shape.length < ns.length) giveUp("rms_norm with both a short input and a mismatched weight");
    shapeError(
      "shape-mismatch",
      `Expected weight to be of same shape as normalized_shape, but got weight of shape ${dimList(weight)} and normalized_shape = ${dimList(ns)}`,
    );
  }
  if (shape.length < ns.length) {
    shapeError("rank-mismatch", `Input tensor must have at least ${ns.length} dimensions, but got ${shape.length}`);
  }
  const tail = shape.slice(shape.length - ns.length);
  if (sameShape(tail, ns) === false) {
    shapeError(
      "shape-mismatch",
      `Given normalized_shape=${dimList(ns)}, expected input with shape [*${ns.map(formatDim).join(", ")}], but got input of size${dimList(shape)}`,
    );
  }
  return tensor([...shape], { dtype: input.dtype });
}

interface RmsNormConfig {
  ns: Dim[];
}

registerLayer({
  name: "RMSNorm",
  since: "2",
  signature: {
    params: [
      { name: "normalized_shape" },
      { name: "eps", default: NONE },
      { name: "elementwise_affine", default: bool(true) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const ns = normalizedShape(a.get("normalized_shape"), true);
    const affine = toBool(a.get("elementwise_affine"), "elementwise_affine");
    if (affine) checkParamSize(ns);
    const n = product(ns);
    const config: RmsNormConfig = { ns };
    return {
      params: !affine ? 0 : typeof n === "number" ? n : null,
      config,
      attrs: {
        normalized_shape: tuple(ns.map((d) => int(d))),
        eps: a.get("eps"),
        elementwise_affine: bool(affine),
        weight: affine ? tensor([...ns]) : NONE,
      },
    };
  },
  forward(c, call) {
    const input = toTensor(bind("RMSNorm.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    return rmsNormCheck(input, c.ns);
  },
  macs: "batch",
});

registerFunction({
  names: ["F.rms_norm", "torch.rms_norm"],
  since: "2",
  signature: {
    params: [{ name: "input" }, { name: "normalized_shape" }, { name: "weight", default: NONE }, { name: "eps", default: NONE }],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const ns = normalizedShape(a.get("normalized_shape"), false);
    const w = a.get("weight");
    return rmsNormCheck(input, ns, isNone(w) ? undefined : shapeOf(w, "weight"));
  },
});
