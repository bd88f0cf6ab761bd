// The one text form of engine values, shared by the CLI and the editor: a shape prints as a list
// (`[N, 3, 224, 224]`), a tuple in Python's own notation (a 1-tuple keeps its comma: `([3],)`), an
// unknown value as `?`; counts print with thousands separators.

import type { ValueJson } from "./api";
import { withCommas } from "./ops/spatialArith";

export function formatValue(v: ValueJson): string {
  if (v === null) return "?";
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return `(${v.tuple.map(formatValue).join(", ")}${v.tuple.length === 1 ? "," : ""})`;
}

/** How a hint shows its value: torch.Size values print as PyTorch prints them. */
export function formatHintValue(v: ValueJson, kind?: "size"): string {
  return kind === "size" && Array.isArray(v) ? `torch.Size(${formatValue(v)})` : formatValue(v);
}

/** Whether a value carries any information worth showing (not unknown all the way down). */
export function isKnown(v: ValueJson): boolean {
  if (v === null) return false;
  if (Array.isArray(v)) return true;
  return v.tuple.some(isKnown);
}

/** A parameter or MAC count with thousands separators; `?` when unknown. */
export function formatCount(n: number | null): string {
  return n === null ? "?" : withCommas(n);
}
