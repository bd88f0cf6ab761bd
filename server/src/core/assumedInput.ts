// Zero-config inputs: for a model class nobody declared an input for, the layer its forward feeds
// the input to first decides the most general input it accepts — symbolic batch and spatial dims,
// channels (or features) pinned by the layer. The caller labels the result an assumption.

import type { DimSpec } from "./declarations";
import type { InstanceV, Value } from "./values";

export type Assumption = { dims: DimSpec[]; dtype?: string; layer: string } | { reason: string };

const SPATIAL: Record<number, string[]> = { 1: ["L"], 2: ["H", "W"], 3: ["D", "H", "W"] };

function intAttr(inst: InstanceV, name: string): number | undefined {
  const v: Value | undefined = inst.attrs.get(name);
  return v?.kind === "int" && typeof v.v === "number" && Number.isSafeInteger(v.v) && v.v > 0 ? v.v : undefined;
}

function boolAttr(inst: InstanceV, name: string): boolean | undefined {
  const v = inst.attrs.get(name);
  return v?.kind === "bool" ? v.v : undefined;
}

/** The input a layer accepts, as dims (symbol names and pinned sizes), or why none can be assumed. */
export function assumeInputFor(layer: InstanceV, batch: string): Assumption {
  const type = layer.cls.builtin?.typeName ?? layer.cls.name;
  const conv = /^(?:Conv|ConvTranspose)([123])d$/.exec(type);
  if (conv) {
    const channels = intAttr(layer, "in_channels");
    if (channels === undefined) return { reason: `the first layer (${type}) has no fixed in_channels` };
    return { dims: [batch, channels, ...SPATIAL[Number(conv[1])]], layer: type };
  }
  const norm = /^(?:BatchNorm|InstanceNorm)([23])d$/.exec(type);
  if (norm) {
    const channels = intAttr(layer, "num_features");
    if (channels === undefined) return { reason: `the first layer (${type}) has no fixed num_features` };
    return { dims: [batch, channels, ...SPATIAL[Number(norm[1])]], layer: type };
  }
  if (type === "Linear") {
    const features = intAttr(layer, "in_features");
    if (features === undefined) return { reason: "the first layer (Linear) has no fixed in_features" };
    return { dims: [batch, features], layer: type };
  }
  if (type === "Embedding") return { dims: [batch, "L"], dtype: "int64", layer: type };
  if (type === "LSTM" || type === "GRU" || type === "RNN") {
    const features = intAttr(layer, "input_size");
    const batchFirst = boolAttr(layer, "batch_first");
    if (features === undefined || batchFirst === undefined) return { reason: `the first layer (${type}) has no fixed input_size` };
    return { dims: batchFirst ? [batch, "L", features] : ["L", batch, features], layer: type };
  }
  return { reason: `its input goes first to ${type}, which accepts inputs of several ranks` };
}

/** Readable form of assumed dims for labels: `[N, 3, H, W]`. */
export function formatDims(dims: DimSpec[]): string {
  return `[${dims.join(", ")}]`;
}
