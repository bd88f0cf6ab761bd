// torch.repeat_interleave / Tensor.repeat_interleave with an integer count (grouped-query attention
// repeats key/value heads this way): dim's size times the count, or the flattened input times the
// count without a dim. Tensor-valued repeats depend on values and give up.

import { mul, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, tensor } from "../values";
import { isNone, normalizeDim, shapeOf, toInt, toTensor } from "./args";
import { registerFunction } from "./registry";
import { byVersion } from "../torchVersion";

registerFunction({
  names: ["torch.repeat_interleave", "Tensor.repeat_interleave"],
  signature: {
    params: [{ name: "input" }, { name: "repeats" }, { name: "dim", default: NONE }, { name: "output_size", default: NONE }],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const repeatsV = a.get("repeats");
    if (repeatsV.kind !== "int" && repeatsV.kind !== "bool") giveUp("repeat_interleave with repeats that are not an int");
    const repeats = toInt(repeatsV, "repeats");
    if (repeats < 0)
      shapeError("invalid-argument", byVersion({ "1.13": "repeats can not be negative", "2": "Repeats must be non-negative" }));
    const shape = shapeOf(input, "input");
    const dimV = a.get("dim");
    if (isNone(dimV)) return tensor([mul(product(shape), repeats)], { dtype: input.dtype });
    if (shape.length === 0) giveUp("repeat_interleave of a 0-d tensor along a dim");
    const dim = normalizeDim(toInt(dimV, "dim"), shape.length);
    const out = [...shape];
    out[dim] = mul(shape[dim], repeats);
    return tensor(out, { dtype: input.dtype });
  },
});
