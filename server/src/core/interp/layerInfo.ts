// Per-call details of an engine-implemented layer: MACs in torchinfo's convention and the
// human-readable arithmetic for hovers (from the rule's explain()).

import type { LayerGeometry } from "../arith/geometry";
import { layerRule } from "../ops/registry";
import { type CallArgs, type InstanceV, type Value } from "../values";
import { builtinOf } from "./classes";

/**
 * torchinfo counts, for each parameter named weight/bias: Conv* layers → params × N × ∏(spatial
 * output); other layers → params × output.shape[0]. Parameter-free layers count 0.
 */
export function layerMacs(inst: InstanceV, out: Value): number | null {
  const params = inst.layer?.params;
  if (params === null || params === undefined) return null;
  if (params === 0) return 0;
  const rule = layerRule(builtinOf(inst.cls)?.builtin?.typeName ?? "");
  if (out.kind !== "tensor" || !out.shape || out.lead || out.shape.length === 0) return null;
  const dims = out.shape;
  if (!dims.every((d): d is number => typeof d === "number")) return null;
  const conv = rule?.macs === "conv" || /Conv/.test(inst.cls.name);
  if (conv) return params * [dims[0], ...dims.slice(2)].reduce((a, b) => a * b, 1);
  return params * dims[0];
}

export function describeLayerCall(
  inst: InstanceV,
  call: CallArgs,
  out: Value,
): { macs: number | null; lines: string[]; paramsFormula?: string; geometry?: LayerGeometry } {
  const macs = layerMacs(inst, out);
  const rule = layerRule(builtinOf(inst.cls)?.builtin?.typeName ?? "");
  if (!rule?.explain || !inst.layer || out.kind === "unknown") return { macs, lines: [] };
  try {
    const e = rule.explain(inst.layer.config, call, out);
    return { macs, lines: e.lines, paramsFormula: e.paramsFormula, geometry: e.geometry };
  } catch {
    return { macs, lines: [] };
  }
}
