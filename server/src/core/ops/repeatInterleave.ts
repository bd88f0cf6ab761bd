// torch.repeat_interleave / Tensor.repeat_interleave with a repeat count that is an int (or a one-element
// tensor of known value): the dim grows by that factor, or the flattened input does when dim is None
// (grouped-query attention repeats key/value heads this way). Per-element repeats need the values'
// sum: known only through output_size=, otherwise unknown.

import { mul, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Value, tensor } from "../values";
import { BoundArgs, normalizeDim, shapeOf, toDim, toInt } from "./args";
import { registerFunction } from "./registry";
import { knownValues } from "./values/store";
import { byVersion } from "../torchVersion";

/** The repeat count when it is one number: an int, or a tensor of one element whose value is known. */
function singleRepeat(v: Value): Value | undefined {
  if (v.kind === "int" || v.kind === "bool") return v;
  if (v.kind === "tensor" && v.shape && v.shape.length <= 1 && product(v.shape) === 1) {
    const vals = knownValues(v);
    if (vals && vals.length === 1 && Number.isInteger(vals[0])) return { kind: "int", v: vals[0] };
  }
  return undefined;
}

function repeatInterleave(b: BoundArgs, self: string): Value {
  const shape = shapeOf(b.get(self), self);
  const dimArg = b.get("dim");
  if (dimArg.kind !== "none" && shape.length === 0) giveUp("repeat_interleave of a 0-d tensor along a dim");
  const dim = dimArg.kind === "none" ? undefined : normalizeDim(toInt(dimArg, "dim"), shape.length);
  const reps = singleRepeat(b.get("repeats"));
  let factor;
  if (reps) factor = toDim(reps, "repeats");
  else if (b.get("output_size").kind !== "none" && dim !== undefined) {
    const out = [...shape];
    out[dim] = toDim(b.get("output_size"), "output_size");
    return tensor(out);
  } else return giveUp("repeat_interleave with per-element repeats: the output length is the sum of their values");
  if (typeof factor === "number" && factor < 0)
    shapeError("invalid-argument", byVersion({ "1.13": "repeats can not be negative", "2": "Repeats must be non-negative" }));
  if (dim === undefined) return tensor([mul(product(shape), factor)]);
  const out = [...shape];
  out[dim] = mul(shape[dim], factor);
  return tensor(out);
}

for (const [names, self] of [
  [["Tensor.repeat_interleave"], "self"],
  [["torch.repeat_interleave"], "input"],
] as const) {
  registerFunction({
    names: [...names],
    signature: {
      params: [{ name: self }, { name: "repeats" }, { name: "dim", default: NONE }, { name: "output_size", default: NONE, kwOnly: true }],
    },
    call: (b) => {
      const out = repeatInterleave(b, self);
      const t = b.get(self);
      return out.kind === "tensor" && t.kind === "tensor" && t.dtype ? { ...out, dtype: t.dtype } : out;
    },
  });
}
