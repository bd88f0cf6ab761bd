// Verdicts for engine values against values recorded from PyTorch, shared by the model-level golden
// tests (realworld, torchvision, torchaudio): correct, unknown (the engine did not say) or wrong; and the
// diagnostic codes that may stand for each PyTorch exception type (golden error cases).

import type { ValueJson } from "../../server/src/core/api";

/** PyTorch's value: a shape, a tuple (None inside it recorded as null), or null for non-tensors. */
export type Golden = { tuple: Golden[] } | number[] | null;

export type Verdict = "correct" | "unknown" | "wrong";

/** One engine value against one PyTorch value; a PyTorch non-tensor (null) must stay null. */
export function compareValue(e: ValueJson, g: Golden): Verdict {
  if (g === null) return e === null ? "correct" : "wrong";
  if (e === null) return "unknown";
  if (Array.isArray(g)) {
    if (!Array.isArray(e) || e.length !== g.length) return "wrong";
    let v: Verdict = "correct";
    for (let i = 0; i < g.length; i++) {
      if (typeof e[i] === "number") {
        if (e[i] !== g[i]) return "wrong";
      } else v = "unknown";
    }
    return v;
  }
  if (Array.isArray(e) || !("tuple" in e) || e.tuple.length !== g.tuple.length) return "wrong";
  let v: Verdict = "correct";
  for (let i = 0; i < g.tuple.length; i++) {
    const r = compareValue(e.tuple[i], g.tuple[i]);
    if (r === "wrong") return "wrong";
    if (r === "unknown") v = "unknown";
  }
  return v;
}

/**
 * Every engine value must match some PyTorch value; all PyTorch values matched exactly → correct.
 * The engine's list claims to be complete unless it holds an unknown: no values at all ("never
 * called") or fully known values that miss some of PyTorch's are wrong.
 */
export function compareValues(engine: ValueJson[], golden: Golden[]): Verdict {
  if (!engine.length) return golden.length ? "wrong" : "correct";
  const exact = new Set<number>();
  let unknown = false;
  for (const e of engine) {
    const vs = golden.map((g) => compareValue(e, g));
    const hit = vs.indexOf("correct");
    if (hit >= 0) exact.add(hit);
    else if (vs.includes("unknown")) unknown = true;
    else return "wrong";
  }
  if (!unknown && exact.size < golden.length && !engine.includes(null)) return "wrong";
  return !unknown && exact.size === golden.length ? "correct" : "unknown";
}

/**
 * The diagnostic codes that may stand for each PyTorch exception type: an IndexError is always an
 * index-out-of-range, a TypeError an invalid-argument, and so on. A code outside its type's list fails.
 */
export const CODES_FOR_ERROR: Record<string, string[]> = {
  IndexError: ["index-out-of-range"],
  TypeError: ["invalid-argument"],
  NotImplementedError: ["rank-mismatch", "invalid-argument"],
  AssertionError: ["index-out-of-range", "invalid-argument", "shape-mismatch"],
  ValueError: ["invalid-argument", "groups-divisibility", "rank-mismatch", "shape-mismatch", "same-padding-stride", "channel-mismatch"],
  RuntimeError: [
    "kernel-too-large",
    "channel-mismatch",
    "non-positive-output",
    "invalid-argument",
    "shape-mismatch",
    "pool-padding",
    "rank-mismatch",
    "view-numel",
    "matmul",
    "linear-in-features",
    "broadcast",
    "output-padding",
    "same-padding-stride",
    "groups-divisibility",
    "index-out-of-range",
  ],
};
