// Frames of the conv-arithmetic animation for one layer: per spatial axis, the grid the kernel
// slides over (input cells, padding, the zeros a transposed conv inserts) and, per output position,
// the cells the kernel reads. Output counts come from the engine's own arithmetic (convCore/poolCore).

import { isConcrete } from "../dim";
import { convOutSize, transposedOutSize } from "../ops/convCore";
import { poolOutSize } from "../ops/poolCore";
import { ArithOp, LayerGeometry } from "./geometry";

export interface AxisSpec {
  op: ArithOp;
  input: number;
  kernel: number;
  stride: number;
  /** Padding before and after (equal except for padding='same' with an odd total). */
  padBefore: number;
  padAfter: number;
  dilation: number;
  outputPadding: number;
  ceilMode: boolean;
}

export type CellKind = "input" | "padding" | "zero" | "outside";

/**
 * One axis in "direct" coordinates: the kernel slides over [start, end). Real input cells (and, for a
 * transposed conv, the zeros inserted between them) occupy [0, span); a transposed conv is drawn as
 * its equivalent direct convolution (stride 1 over the stretched, re-padded input).
 */
export interface AxisPlan {
  spec: AxisSpec;
  output: number;
  span: number;
  start: number;
  end: number;
  /** Padding cells (zeros) before and after the span; negative for a transposed conv that crops. */
  before: number;
  after: number;
  /** Start coordinate of the window of each output position. */
  windows: number[];
  /** Pooling with ceil_mode: the start of the window the formula counts but PyTorch drops. */
  dropped?: number;
}

function convAxis(a: AxisSpec): { output: number; windows: number[]; before: number; after: number; span: number } {
  const { input, kernel: k, stride: s, dilation: d } = a;
  if (a.op === "convTranspose") {
    const span = (input - 1) * s + 1;
    const eq = d * (k - 1) - a.padBefore;
    const out = transposedOutSize(input, k, s, a.padBefore, d, a.outputPadding);
    if (!isConcrete(out)) throw new Error("frames: symbolic transposed-conv output");
    return { output: out, span, before: eq, after: eq + a.outputPadding, windows: range(out).map((o) => o - eq) };
  }
  // Asymmetric padding: the engine's formula with the total split as (before, after).
  const out = convOutSize(input + a.padAfter - a.padBefore, k, s, a.padBefore, d);
  if (!isConcrete(out)) throw new Error("frames: symbolic conv output");
  return { output: out, span: input, before: a.padBefore, after: a.padAfter, windows: range(out).map((o) => o * s - a.padBefore) };
}

function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

/** The plan of one axis; throws the engine's ShapeError when PyTorch would refuse the layer. */
export function planAxis(a: AxisSpec): AxisPlan {
  if (![a.input, a.kernel, a.stride, a.dilation].every((v) => Number.isInteger(v) && v > 0))
    throw new Error(
      `frames: sizes must be positive integers (input ${a.input}, kernel ${a.kernel}, stride ${a.stride}, dilation ${a.dilation})`,
    );
  let output: number;
  let windows: number[];
  let before: number;
  let after: number;
  let span: number;
  let dropped: number | undefined;
  if (a.op === "conv" || a.op === "convTranspose") {
    ({ output, windows, before, after, span } = convAxis(a));
  } else {
    const out = poolOutSize(a.input, a.kernel, a.padBefore, a.stride, a.dilation, a.ceilMode);
    if (!isConcrete(out)) throw new Error("frames: symbolic pooling output");
    output = out;
    span = a.input;
    before = after = a.padBefore;
    windows = range(output).map((o) => o * a.stride - a.padBefore);
    if (a.ceilMode) {
      const counted = Math.ceil((a.input + 2 * a.padBefore - a.dilation * (a.kernel - 1) - 1) / a.stride) + 1;
      if (counted > output) dropped = (counted - 1) * a.stride - a.padBefore;
    }
  }
  const reach = (w: number) => w + a.dilation * (a.kernel - 1) + 1;
  const lastWindows = [...windows, ...(dropped === undefined ? [] : [dropped])];
  const start = Math.min(0, -before, ...lastWindows);
  const end = Math.max(span, span + after, ...lastWindows.map(reach));
  return { spec: a, output, span, start, end, before, after, windows, dropped };
}

/** What the cell at direct coordinate c holds. */
export function cellKind(p: AxisPlan, c: number): CellKind {
  if (c >= 0 && c < p.span) return p.spec.op === "convTranspose" && c % p.spec.stride !== 0 ? "zero" : "input";
  if (c >= -p.before && c < p.span + p.after) return "padding";
  return "outside";
}

/** The input index a cell shows (its position in the user's tensor), undefined for padding/zeros. */
export function sourceIndex(p: AxisPlan, c: number): number | undefined {
  if (cellKind(p, c) !== "input") return undefined;
  return p.spec.op === "convTranspose" ? c / p.spec.stride : c;
}

/** The coordinates the kernel covers for a window start (k taps, dilation apart). */
export function taps(p: AxisPlan, windowStart: number): number[] {
  return range(p.spec.kernel).map((j) => windowStart + j * p.spec.dilation);
}

/** The user's input indices output position o reads (padding, inserted zeros and overhang excluded). */
export function reads(p: AxisPlan, o: number): number[] {
  const out: number[] = [];
  for (const c of taps(p, p.windows[o])) {
    const i = sourceIndex(p, c);
    if (i !== undefined) out.push(i);
  }
  return out.sort((x, y) => x - y);
}

/** A layer's plan: one axis plan per spatial axis; frames run row-major over the output positions. */
export interface LayerPlan {
  geometry: LayerGeometry;
  axes: AxisPlan[];
  frameCount: number;
}

export function axisSpec(g: LayerGeometry, i: number): AxisSpec {
  return {
    op: g.op,
    input: g.input[i],
    kernel: g.kernel[i],
    stride: g.stride[i],
    padBefore: g.padding[i][0],
    padAfter: g.padding[i][1],
    dilation: g.dilation[i],
    outputPadding: g.outputPadding[i] ?? 0,
    ceilMode: g.ceilMode,
  };
}

/** Plans every axis; throws when the planned output differs from the engine's recorded output. */
export function planLayer(g: LayerGeometry): LayerPlan {
  const axes = g.input.map((_, i) => planAxis(axisSpec(g, i)));
  axes.forEach((a, i) => {
    if (a.output !== g.output[i]) throw new Error(`frames: axis ${i} gives ${a.output} positions but the layer outputs ${g.output[i]}`);
  });
  return { geometry: g, axes, frameCount: axes.reduce((n, a) => n * a.output, 1) };
}

/** Output position per axis of frame f (row-major: the last axis moves fastest). */
export function framePosition(plan: LayerPlan, f: number): number[] {
  const pos: number[] = [];
  let rest = f;
  for (let i = plan.axes.length - 1; i >= 0; i--) {
    const n = plan.axes[i].output;
    pos.unshift(rest % n);
    rest = Math.floor(rest / n);
  }
  return pos;
}
