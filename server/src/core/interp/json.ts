// Conversion of evaluator values to the JSON value form of the public output: a shape (ints, or
// strings for symbolic dims), {"tuple": [...]} for tuples/lists of tensors, null when unknown.

import type { ValueJson } from "../api";
import { dimToJson } from "../dim";
import { type Value } from "../values";

export function toJson(v: Value): ValueJson {
  if (v.kind === "tensor") {
    if (!v.shape || v.lead || v.shape.some((d) => typeof d === "number" && !Number.isSafeInteger(d))) return null;
    return v.shape.map(dimToJson);
  }
  if (v.kind === "tuple" || v.kind === "list") {
    // None items (`return out, None`) are null, as the golden generators encode them; at least one tensor.
    if (!v.items.some(isTensorish) || !v.items.every((x) => x.kind === "none" || isTensorish(x))) return null;
    return { tuple: v.items.map(toJson) };
  }
  return null;
}

function isTensorish(v: Value): boolean {
  return v.kind === "tensor" || ((v.kind === "tuple" || v.kind === "list") && v.items.length > 0 && v.items.every(isTensorish));
}

/** True when a value deserves a hint: a tensor of known shape, or a tuple holding at least one. */
export function isHintable(v: Value): boolean {
  // A line's value is hinted only when every item is a tensor (or a tuple of them), not None.
  if ((v.kind === "tuple" || v.kind === "list") && !v.items.every(isTensorish)) return false;
  const j = toJson(v);
  if (j === null) return false;
  if (Array.isArray(j)) return true;
  const anyKnown = (x: ValueJson): boolean => x !== null && (Array.isArray(x) || x.tuple.some(anyKnown));
  return anyKnown(j);
}

/** The dims of a torch.Size whose items are all ints (possibly symbolic), else undefined. */
export function sizeJson(v: Value): (number | string)[] | undefined {
  if (v.kind !== "tuple" || !v.isSize) return undefined;
  const dims: (number | string)[] = [];
  for (const item of v.items) {
    if (item.kind !== "int") return undefined;
    dims.push(dimToJson(item.v));
  }
  return dims;
}

export function jsonKey(j: ValueJson): string {
  return JSON.stringify(j);
}
