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
import { Vals, attach, elementScalar, isExact, numel, toPython, valsOf } from "./store";

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
    // Floats known within bounds become bounded Python floats (see store.ts elementScalar).
    if (!vals || (!isExact(vals) && vals.dtype !== "float32" && vals.dtype !== "float64")) giveUp("the tensor's values are not known");
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
    if (!vals || (!isExact(vals) && vals.dtype !== "float32" && vals.dtype !== "float64")) giveUp("the tensor's value is not known");
    return elementScalar(vals, 0);
  },
});

/** split/chunk/unbind of a 1-D tensor along dim 0: each piece is a view on consecutive elements. */
extend(["Tensor.split", "torch.split", "Tensor.chunk", "torch.chunk", "Tensor.unbind", "torch.unbind"], [], (b, out) => {
  const v = selfArg(b);
  const vals = selfVals(v);
  if (vals.shape.length !== 1 || (out.kind !== "tuple" && out.kind !== "list")) noValues("only 1-D splits keep values");
  const dim = b.values.get("dim");
  if (dim && dim.kind !== "none" && !(dim.kind === "int" && (dim.v === 0 || dim.v === -1))) noValues("split along another dim");
  let offset = 0;
  const pieces = out.items.map((piece) => {
    if (piece.kind !== "tensor" || !piece.shape || piece.shape.some((d) => typeof d !== "number")) noValues("piece shape not concrete");
    const shape = piece.shape as number[];
    const n = numel(shape);
    const part: Vals = { dtype: vals.dtype, shape, lo: vals.lo.slice(offset, offset + n), hi: vals.hi.slice(offset, offset + n) };
    offset += n;
    return attach(piece, part, storageOf(v));
  });
  if (offset !== vals.lo.length) noValues("pieces do not cover the tensor");
  return { ...out, items: pieces };
});
