// Value-aware rules that move values around without arithmetic: casts (.int(), .float(), .to()),
// copies and views (clone, reshape, squeeze, ...), basic indexing with ints and slices, and the
// ways values leave the tensor world (tolist, item, int()/float() of a tensor, iteration).

import { giveUp, shapeError } from "../../errors";
import { TensorV, Value } from "../../values";
import { selfTensor } from "../broadcast";
import { castVals } from "./compute";
import { defineAware, extend } from "./extend";
import { VDtype, VALUE_DTYPES, noValues } from "./numeric";
import { indexVals } from "./indexing";
import { Vals, attach, isExact, numel, pythonScalar, toPython, valsOf } from "./store";

function selfVals(v: Value): Vals {
  return valsOf(v) ?? noValues("values are not known");
}

function storageOf(v: Value): { alive: boolean } | undefined {
  return v.kind === "tensor" ? v.storage : undefined;
}

function selfArg(b: { values: Map<string, Value> }): Value {
  return b.values.get("self") ?? b.values.get("input") ?? noValues("no tensor");
}

/** Casts: the target dtype is the one the shape rule worked out. */
extend(["Tensor.int", "Tensor.long", "Tensor.float", "Tensor.double", "Tensor.bool", "Tensor.to", "Tensor.type"], [], (b, out) => {
  const v = selfArg(b);
  const vals = selfVals(v);
  if (out.kind !== "tensor" || !out.dtype || !VALUE_DTYPES.includes(out.dtype)) noValues("target dtype not known");
  const same = out.dtype === vals.dtype;
  return attach(out, castVals(vals, out.dtype as VDtype), same ? storageOf(v) : undefined);
});

/** Same values in the same row-major order, under the shape the rule computed. */
function sameOrder(share: boolean) {
  return (b: { values: Map<string, Value> }, out: Value): Value => {
    const v = selfArg(b);
    const vals = selfVals(v);
    if (out.kind !== "tensor" || !out.shape || out.shape.some((d) => typeof d !== "number")) noValues("shape not concrete");
    const shape = (out as TensorV).shape as number[];
    if (numel(shape) !== vals.lo.length) noValues("element count differs");
    return attach(out, { ...vals, shape }, share ? storageOf(v) : undefined);
  };
}
extend(["Tensor.clone", "torch.clone"], [], sameOrder(false));
extend(
  [
    "Tensor.contiguous",
    "Tensor.detach",
    "torch.detach",
    "Tensor.cpu",
    "Tensor.view",
    "Tensor.reshape",
    "torch.reshape",
    "Tensor.view_as",
    "Tensor.reshape_as",
    "Tensor.flatten",
    "torch.flatten",
    "Tensor.squeeze",
    "torch.squeeze",
    "Tensor.unsqueeze",
    "torch.unsqueeze",
  ],
  [],
  sameOrder(true),
);

extend(["Tensor.__getitem__"], [], (b, out) => {
  const v = selfArg(b);
  return attach(out, indexVals(selfVals(v), b.get("index")), storageOf(v));
});

defineAware({
  names: ["Tensor.tolist"],
  signature: { params: [{ name: "self" }] },
  call(b) {
    const vals = valsOf(selfTensor(b));
    if (!vals || !isExact(vals)) giveUp("the tensor's values are not known");
    return toPython(vals);
  },
});

defineAware({
  names: ["Tensor.item"],
  signature: { params: [{ name: "self" }] },
  call(b) {
    const t = selfTensor(b);
    if (t.shape && !t.lead && t.shape.every((d) => typeof d === "number")) {
      const n = numel(t.shape as number[]);
      if (n !== 1) shapeError("invalid-argument", `a Tensor with ${n} elements cannot be converted to Scalar`);
    }
    const vals = valsOf(t);
    if (!vals || !isExact(vals)) giveUp("the tensor's value is not known");
    return pythonScalar(vals.dtype, vals.lo[0]);
  },
});
