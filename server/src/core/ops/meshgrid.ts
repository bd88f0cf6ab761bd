// torch.meshgrid: N 0-D/1-D tensors (as varargs or one list) → a tuple of N tensors of shape
// [n0, n1, ...] ("ij") or with the first two sizes swapped ("xy"). The outputs are expanded views
// (non-contiguous: interp/layout.ts lists the op).

import { Dim } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, TensorV, Value, tensor, tuple } from "../values";
import { isNone, shapeOf, toStr, toTensor } from "./args";
import { registerFunction } from "./registry";

registerFunction({
  names: ["torch.meshgrid"],
  signature: { params: [{ name: "indexing", kwOnly: true, default: NONE }], varargs: "tensors" },
  call(b) {
    let items: Value[] = b.rest;
    if (items.length === 1 && (items[0].kind === "list" || items[0].kind === "tuple")) items = items[0].items;
    if (items.some((v) => v.kind === "unknown")) giveUp("the tensors of meshgrid are not known");
    if (items.length === 0) shapeError("invalid-argument", "meshgrid expects a non-empty TensorList");
    const ts: TensorV[] = items.map((v, i) => toTensor(v, `tensors[${i}]`));
    const sizes: Dim[] = ts.map((t, i) => {
      const s = shapeOf(t, `tensors[${i}]`);
      if (s.length > 1)
        shapeError("rank-mismatch", `torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got a ${s.length}-D tensor`);
      return s.length === 0 ? 1 : s[0];
    });
    const dtypes = new Set(ts.map((t) => t.dtype));
    if (dtypes.size > 1) {
      if (dtypes.has(undefined)) giveUp("cannot tell whether the meshgrid tensors have the same dtype");
      shapeError("invalid-argument", "meshgrid expects all tensors to have the same dtype");
    }
    const indexing = isNone(b.get("indexing")) ? "ij" : toStr(b.get("indexing"), "indexing");
    if (indexing !== "ij" && indexing !== "xy")
      shapeError("invalid-argument", `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`);
    const shape = indexing === "xy" && sizes.length >= 2 ? [sizes[1], sizes[0], ...sizes.slice(2)] : sizes;
    return tuple(ts.map((t) => tensor([...shape], { dtype: t.dtype })));
  },
});
