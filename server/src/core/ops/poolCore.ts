// Shape arithmetic of ATen's pooling kernels (1.13): pooling_output_shape with ceil_mode, the
// per-axis checks it makes, and the shape checks of the 2-d and 3-d max/avg pooling kernels.
// 1-d pooling runs on the 2-d kernels over a height of 1, which their messages show.

import { isTorch2 } from "../torchVersion";
import { Dim, add, ceilDiv, floorDiv, formatDim, isConcrete, mul } from "../dim";
import { giveUp, shapeError } from "../errors";
import { Shape } from "../values";
import { axisNames, compare, lessThan } from "./spatialArith";

export interface Pool2d3dCall {
  /** "max" or "avg"; 2 or 3 spatial axes. */
  kind: "max" | "avg";
  n: 2 | 3;
  input: Shape;
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceil: boolean;
  /** Filled in with one formula per spatial axis when given. */
  explain?: string[];
  /** Axis labels for the explanation (1-d pools pass ["", "L"]). */
  labels?: string[];
}

/**
 * The argument checks pooling_output_shape makes for one axis. PyTorch 2 bounds the padding by the
 * dilated ("effective") kernel; 1.13 by the kernel itself.
 */
export function checkPoolAxis(k: number, p: number, s: number, d: number): void {
  if (s === 0) shapeError("invalid-argument", "stride should not be zero");
  if (p < 0) shapeError("pool-padding", `pad must be non-negative, but got pad: ${p}`);
  // C++ integer division truncates toward zero.
  if (isTorch2()) {
    if (p > Math.trunc(((k - 1) * d + 1) / 2)) {
      shapeError(
        "pool-padding",
        `pad should be at most half of effective kernel size, but got pad=${p}, kernel_size=${k} and dilation=${d}`,
      );
    }
  } else if (p > Math.trunc(k / 2)) {
    shapeError("pool-padding", `pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`);
  }
}

/** pooling_output_shape_pad_lr with equal padding on both sides, plus its argument checks. */
export function poolOutSize(
  input: Dim,
  k: number,
  p: number,
  s: number,
  d: number,
  ceil: boolean,
  explain?: { label: string; lines: string[] },
): Dim {
  checkPoolAxis(k, p, s, d);
  if (s < 0 || k <= 0 || d <= 0) giveUp("non-positive pooling parameters");
  const num = add(input, 2 * p - d * (k - 1) - 1);
  const q = ceil ? ceilDiv(num, s) : floorDiv(num, s);
  if (q === undefined) giveUp("cannot divide the size");
  let out = add(q, 1);
  let dropped = false;
  if (ceil && s > 1) {
    // The last window must start inside the input or its left padding; otherwise it is dropped.
    const c = compare(mul(add(out, -1), s), add(input, p));
    if (c === undefined) giveUp("ceil_mode on a symbolic size");
    if (c >= 0) {
      out = add(out, -1);
      dropped = true;
    }
  }
  if (explain) {
    const inner = `${formatDim(input)} + 2·${p} − ${d}·(${k}−1) − 1`;
    const body = ceil ? `⌈(${inner})/${s}⌉ + 1` : `⌊(${inner})/${s}⌋ + 1`;
    explain.lines.push(
      `${explain.label}_out = ${body}${dropped ? " − 1 (ceil_mode: the last window would start past the input, so it is dropped)" : ""} = ${formatDim(out)}`,
    );
  }
  return out;
}

function labelled(n: number, values: readonly number[], prefix: string): string {
  const axes = n === 3 ? ["T", "H", "W"] : ["H", "W"];
  return values.map((v, i) => `${prefix}${axes[i]}: ${v}`).join(" ");
}

/**
 * 2-d / 3-d max and average pooling of an input of rank n+1 or n+2 (the rank is checked by the
 * caller, whose message differs). Returns the output shape with the input's batch layout.
 */
export function pool2d3d(c: Pool2d3dCall): Shape {
  const { n, input } = c;
  const first = input.length - n;
  const spatial = input.slice(first);
  const labels = c.labels ?? axisNames(n);
  for (let i = 0; i < n; i++) checkPoolAxis(c.kernel[i], c.padding[i], c.stride[i], c.dilation[i]);
  if (c.kernel.some((k) => k <= 0)) {
    shapeError("invalid-argument", `kernel size should be greater than zero, but got ${labelled(n, c.kernel, "k")}`);
  }
  if (c.stride.some((s) => s <= 0)) {
    shapeError("invalid-argument", `stride should be greater than zero, but got ${labelled(n, c.stride, "d")}`);
  }
  if (c.kind === "max" && c.dilation.some((d) => d <= 0)) {
    shapeError("invalid-argument", `dilation should be greater than zero, but got ${labelled(n, c.dilation, "dilation")}`);
  }
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const ex = c.explain && labels[i] ? { label: labels[i], lines: c.explain } : undefined;
    out.push(poolOutSize(spatial[i], c.kernel[i], c.padding[i], c.stride[i], c.dilation[i], c.ceil, ex));
  }
  return [...input.slice(0, first), ...out];
}

/**
 * pool2d_shape_check / pool3d_shape_check's padding bound, reachable in PyTorch 2 only (1.13 stops
 * earlier at the same bound): a dilated max pool passes the effective-kernel check, not this one.
 */
function checkUndilatedPadding(n: 2 | 3, kernel: readonly number[], padding: readonly number[]): void {
  if (kernel.every((k, i) => Math.trunc(k / 2) >= padding[i])) return;
  const message =
    n === 2
      ? `padW = ${padding[1]}, padH = ${padding[0]}, kW = ${kernel[1]}, kH = ${kernel[0]}`
      : `kT: ${kernel[0]} kW: ${kernel[2]} kH: ${kernel[1]} padT: ${padding[0]} padW: ${padding[2]} padH: ${padding[1]}`;
  shapeError("pool-padding", `pad should be smaller than or equal to half of kernel size, but got ${message}`);
}

/**
 * The rest of pool2d_shape_check / pool3d_shape_check: empty inputs, the padding bound (given the
 * kernel and padding) and too-small outputs.
 */
export function poolShapeCheck(
  n: 2 | 3,
  input: Shape,
  output: Shape,
  zeroMessage: string,
  window?: { kernel: readonly number[]; padding: readonly number[] },
): void {
  const batched = input.length === n + 2;
  const nonBatch = batched ? input.slice(1) : input;
  if (nonBatch.some((d) => d === 0)) shapeError("invalid-argument", zeroMessage);
  if (window) checkUndilatedPadding(n, window.kernel, window.padding);
  const spatialOut = output.slice(-n);
  if (spatialOut.some((o) => lessThan(o, 1) === true)) {
    const planes = nonBatch[0];
    const inDims = [planes, ...input.slice(-n)];
    const outDims = [planes, ...spatialOut];
    if (!inDims.every(isConcrete) || !outDims.every(isConcrete)) giveUp("symbolic sizes in a too-small pooling output");
    shapeError(
      "non-positive-output",
      `Given input size: (${inDims.join("x")}). Calculated output size: (${outDims.join("x")}). Output size is too small`,
    );
  }
}
