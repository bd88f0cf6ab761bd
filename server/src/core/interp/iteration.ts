// Turning a value into the sequence of values a Python `for` loop would see; undefined when the
// sequence is not known (unknown values, tensors of unknown length, poisoned lists).

import { type Value, int, str } from "../values";
import type { EvalContext } from "./context";
import { hasBaseNamed } from "./classes";
import { tensorRows } from "../ops/values/indexing";

const MAX_ITEMS = 100000;

export function iterate(_ctx: EvalContext, v: Value): Value[] | undefined {
  switch (v.kind) {
    case "list":
    case "tuple":
      return (v as { poisoned?: boolean }).poisoned ? undefined : v.items;
    case "str":
      return [...v.v].map((c) => str(c));
    case "dict":
      return (v as { poisoned?: boolean }).poisoned ? undefined : [...v.entries.values()].map(([k]) => k);
    case "set":
      return [...v.entries.values()];
    case "instance": {
      // A numpy array the engine made (np.arange, np.linspace) iterates over its items.
      const items = v.cls.qualname === "numpy.ndarray" ? v.attrs.get("__items__") : undefined;
      if (items?.kind === "list") return items.items;
      if (!v.modules || v.attrs.has("__uncertain_modules__")) return undefined;
      if (hasBaseNamed(v.cls, "ModuleDict")) return [...v.modules.keys()].map((k) => str(k));
      if (hasBaseNamed(v.cls, "Sequential") || hasBaseNamed(v.cls, "ModuleList")) return [...v.modules.values()];
      return undefined;
    }
    case "tensor": {
      if (!v.shape || v.lead || v.shape.length === 0) return undefined;
      const n = v.shape[0];
      if (typeof n !== "number" || n > MAX_ITEMS) return undefined;
      const rows = tensorRows(v);
      if (rows) return rows;
      const rest = v.shape.slice(1);
      return Array.from({ length: n }, () => ({ kind: "tensor", shape: rest }) as Value);
    }
    default:
      return undefined;
  }
}

export function rangeValues(start: number, stop: number, step: number): Value[] | undefined {
  if (step === 0) return undefined;
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_ITEMS) return undefined;
  return Array.from({ length: n }, (_, i) => int(start + i * step));
}
