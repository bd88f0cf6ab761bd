// Per-module figures of torchinfo's LayerInfo (torchinfo 1.8.0's documented rules), computed from the
// engine's values: the size torchinfo reads from a call's inputs/outputs, bytes per element,
// parameters, mult-adds and kernel_size. Every figure the engine cannot be sure of is null.

import { exactSum, isExactInt } from "./exactness";
import { layerRule } from "./ops/registry";
import { builtinOf } from "./interp/classes";
import { totalParams } from "./interp/prelude";
import type { InstanceV, Value } from "./values";

/** A shape torchinfo reads: dims, [] when there is no tensor; null when unknown. */
export type SizeInfo = { size: (number | string)[]; bytesPerElement: number | null } | null;

const ELEMENT_BYTES: Record<string, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
  complex64: 8,
  complex128: 16,
};

/** Bytes per element of a tensor's dtype; a tensor without a recorded dtype is float32 unless `dtypeUnsure`. */
export function elementBytes(dtype: string | undefined, dtypeUnsure: boolean): number | null {
  if (dtype === undefined) return dtypeUnsure ? null : 4;
  return ELEMENT_BYTES[dtype] ?? null;
}

function tensorSize(v: Value, dtypeUnsure: boolean): SizeInfo {
  if (v.kind !== "tensor") return null;
  if (!v.shape || v.lead) return null;
  return { size: v.shape.map((d) => (typeof d === "number" ? d : String(d))), bytesPerElement: elementBytes(v.dtype, dtypeUnsure) };
}

/** torchinfo's nested_list_size: the first tensor down the first items; a dict gives its first value. */
function nestedSize(v: Value, dtypeUnsure: boolean, depth = 0): SizeInfo {
  if (depth > 50) return null;
  if (v.kind === "tensor") return tensorSize(v, dtypeUnsure);
  if (v.kind === "tuple" || v.kind === "list") {
    if (!v.items.length) return { size: [], bytesPerElement: 0 };
    return nestedSize(v.items[0], dtypeUnsure, depth + 1);
  }
  if (v.kind === "dict") {
    const first = [...v.entries.values()][0];
    return first ? nestedSize(first[1], dtypeUnsure, depth + 1) : { size: [], bytesPerElement: 0 };
  }
  if (v.kind === "none" || v.kind === "int" || v.kind === "float" || v.kind === "bool") return { size: [], bytesPerElement: 0 };
  return null;
}

/** torchinfo's calculate_size of a hook's inputs (the positional arguments tuple). */
export function inputSize(args: Value[], dtypeUnsure: boolean): SizeInfo {
  if (!args.length) return { size: [], bytesPerElement: 0 };
  return nestedSize(args[0], dtypeUnsure);
}

/** torchinfo's calculate_size of a hook's output: a tensor, the first tensor of a sequence, a dict's last value. */
export function outputSize(out: Value | undefined, dtypeUnsure: boolean): SizeInfo {
  if (!out) return null;
  if (out.kind === "none") return { size: [], bytesPerElement: 0 };
  if (out.kind === "tensor") return tensorSize(out, dtypeUnsure);
  if (out.kind === "tuple" || out.kind === "list") return nestedSize(out, dtypeUnsure);
  if (out.kind === "dict") {
    const values = [...out.entries.values()];
    const last = values[values.length - 1];
    return last ? nestedSize(last[1], dtypeUnsure) : { size: [], bytesPerElement: 0 };
  }
  return null;
}

/** ∏ dims, null when a dim is symbolic or the product is past 2^53. */
export function prodOf(dims: (number | string)[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== "number") return null;
    p *= d;
    if (!isExactInt(p)) return null;
  }
  return p;
}

/** The module's `kernel_size` attribute as torchinfo shows it; "--" when it has none. */
export function kernelSizeText(m: InstanceV): string | null {
  const k = m.attrs.get("kernel_size");
  if (!k) return "--";
  if (k.kind === "int") return k.v === 0 ? "--" : String(k.v);
  if (k.kind === "tuple" || k.kind === "list") {
    if (!k.items.length) return "--";
    const parts = k.items.map((i) => (i.kind === "int" ? String(i.v) : null));
    return parts.every((p) => p !== null) ? `[${parts.join(", ")}]` : null;
  }
  return k.kind === "none" ? null : null;
}

/** torchinfo's is_leaf_layer: no submodules. */
export function isLeaf(m: InstanceV): boolean {
  return ![...(m.modules?.values() ?? [])].some((c) => c.kind === "instance");
}

/** Parameters of the module and its submodules, as named_parameters() counts them. */
export function numParams(m: InstanceV): number | null {
  return totalParams(m);
}

/** A module's own parameters as (name, count): names as PyTorch gives them, or null when only the total is known. */
function ownNamedParams(m: InstanceV): { named: [string, number | null][]; ruleParams: number | null; ruleWeightBias: boolean } {
  const named: [string, number | null][] = [...(m.ownParams?.entries() ?? [])];
  const rule = layerRule(builtinOf(m.cls)?.builtin?.typeName ?? "");
  // Engine layers whose torchinfo count is params × N (× spatial for Conv) name their parameters weight/bias.
  const ruleWeightBias = !!rule?.macs;
  return { named, ruleParams: m.layer ? m.layer.params : 0, ruleWeightBias };
}

/**
 * torchinfo's calculate_macs for a leaf module: for each parameter named weight/bias, params × out[0]
 * (× the spatial output dims when "Conv" is in the class name); for other names holding weight/bias,
 * params × out[0] × out[1]; other parameters count 0.
 */
export function leafMacs(m: InstanceV, out: SizeInfo): number | null {
  const { named, ruleParams, ruleWeightBias } = ownNamedParams(m);
  if (ruleParams === null) return null;
  if (ruleParams === 0 && named.every(([, n]) => n === 0)) return 0;
  if (!out) return null;
  const conv = m.cls.name.includes("Conv");
  const dims = out.size;
  const exactCount = (count: number): number | null => {
    if (count === 0) return 0;
    if (!dims.length) return null;
    const factor = conv ? prodOf([dims[0], ...dims.slice(2)]) : prodOf([dims[0]]);
    return factor === null ? null : exactProduct(count, factor);
  };
  let total: number | null = 0;
  if (ruleParams > 0) total = ruleWeightBias ? exactSum(total, exactCount(ruleParams)) : null;
  for (const [name, count] of named) {
    if (count === null) return null;
    if (name === "weight" || name === "bias") total = exactSum(total, exactCount(count));
    else if (name.includes("weight") || name.includes("bias")) {
      if (count === 0) continue;
      if (dims.length < 2) return null;
      const f = prodOf(dims.slice(0, 2));
      total = exactSum(total, f === null ? null : exactProduct(count, f));
    }
  }
  return total;
}

/**
 * Whether torchinfo's mult-adds of a module with submodules are positive (it then shows the sum of the
 * leaf rows below at the deepest shown level): some parameter whose name holds weight/bias, and a
 * non-empty output.
 */
export function containerMacsPositive(m: InstanceV, out: SizeInfo): boolean | null {
  if (!out) return null;
  if (!out.size.length) return false;
  const lead = prodOf(out.size.slice(0, 2));
  if (lead === null) return null;
  if (lead === 0) return false;
  let unsure = false;
  const seen = new Set<InstanceV>();
  const visit = (x: InstanceV): boolean => {
    if (seen.has(x)) return false;
    seen.add(x);
    const { named, ruleParams, ruleWeightBias } = ownNamedParams(x);
    if (ruleParams === null) unsure = true;
    else if (ruleParams > 0) {
      if (ruleWeightBias) return true;
      unsure = true;
    }
    for (const [name, count] of named) {
      if (count === null) unsure = true;
      else if (count > 0 && (name.includes("weight") || name.includes("bias"))) return true;
    }
    return [...(x.modules?.values() ?? [])].some((c) => c.kind === "instance" && visit(c));
  };
  if (visit(m)) return true;
  return unsure ? null : false;
}

export function exactProduct(a: number, b: number): number | null {
  const p = a * b;
  return isExactInt(p) ? p : null;
}
