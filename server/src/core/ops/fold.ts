// Shape rules for sliding-block extraction (PyTorch 1.13): nn.Unfold / F.unfold (im2col: a 3-D or
// 4-D input becomes [N, C·kh·kw, L]) and nn.Fold / F.fold (col2im: [N, C·kh·kw, L] becomes
// [N, C, out_h, out_w]), with ATen's argument checks and messages in their order.

import { isTorch2 } from "../torchVersion";
import { Dim, add, floorDiv, formatDim, knownEqual, mul } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, Shape, TensorV, Value, int, tensor } from "../values";
import { OpSignature, bind, normalizeDim, toDimTuple, toIntTuple, toTensor } from "./args";
import { registerFunction, registerLayer } from "./registry";

const dimList = (s: readonly Dim[]): string => `[${s.map(formatDim).join(", ")}]`;
const pair = (p: readonly (number | Dim)[]): string => `(${p.map((d) => formatDim(d)).join(", ")})`;

/** An int or a pair; ATen insists on exactly two values. */
function twoInts(v: Value, what: string): number[] {
  const t = toIntTuple(v, 2, what);
  if (t.length !== 2) shapeError("invalid-argument", `It is expected ${what} equals to 2, but got size ${t.length}`);
  return t;
}

function twoDims(v: Value, what: string): Dim[] {
  const t = toDimTuple(v, 2, what);
  if (t.length !== 2) shapeError("invalid-argument", `It is expected ${what} equals to 2, but got size ${t.length}`);
  return t;
}

interface Window {
  kernel: number[];
  dilation: number[];
  padding: number[];
  stride: number[];
}

function checkKernel(k: number[]): void {
  if (!(k[0] > 0 && k[1] > 0)) {
    shapeError("invalid-argument", `kernel size should be greater than zero, but got kernel_height: ${k[0]} kernel_width: ${k[1]}`);
  }
}
function checkStride(s: number[]): void {
  if (!(s[0] > 0 && s[1] > 0)) {
    shapeError("invalid-argument", `stride should be greater than zero, but got stride_height: ${s[0]} stride_width: ${s[1]}`);
  }
}
function checkDilation(d: number[]): void {
  if (!(d[0] > 0 && d[1] > 0)) {
    shapeError("invalid-argument", `dilation should be greater than zero, but got dilation_height: ${d[0]} dilation_width: ${d[1]}`);
  }
}
function checkPadding(p: number[]): void {
  if (!(p[0] >= 0 && p[1] >= 0)) {
    shapeError("invalid-argument", `padding should be non-negative, but got pad_height: ${p[0]} pad_width: ${p[1]}`);
  }
}

/** ⌊(size + 2p − d(k−1) − 1)/s⌋ + 1, the number of block positions along one axis (s > 0). */
function blocks(size: Dim, k: number, d: number, p: number, s: number): Dim | undefined {
  const q = floorDiv(add(size, 2 * p - d * (k - 1) - 1), s);
  return q === undefined ? undefined : add(q, 1);
}

const nonZero = (d: Dim): boolean => d !== 0;

/** im2col on a known shape. */
export function unfoldShape(shape: Shape, w: Window): Shape {
  checkKernel(w.kernel);
  checkDilation(w.dilation);
  checkPadding(w.padding);
  checkStride(w.stride);
  const rank = shape.length;
  if (rank === 0) shapeError("index-out-of-range", "Dimension specified as 1 but tensor has no dimensions");
  if (rank < 3) normalizeDim(rank, rank); // ATen reads size(1) and size(2) before checking the rank
  const valid = nonZero(shape[1]) && nonZero(shape[2]);
  if (!((rank === 3 && nonZero(shape[0]) && valid) || (rank === 4 && valid && nonZero(shape[3])))) {
    shapeError(
      "rank-mismatch",
      `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${dimList(shape)}`,
    );
  }
  const batch = rank === 4 ? [shape[0]] : [];
  const [c, h, wd] = shape.slice(rank - 3);
  const [kh, kw] = w.kernel;
  const oh = blocks(h, kh, w.dilation[0], w.padding[0], w.stride[0]);
  const ow = blocks(wd, kw, w.dilation[1], w.padding[1], w.stride[1]);
  if (oh === undefined || ow === undefined) return giveUp("the number of sliding blocks is not known");
  if ((typeof oh === "number" && oh < 1) || (typeof ow === "number" && ow < 1)) {
    shapeError(
      "non-positive-output",
      // 1.13 prints the input height twice here.
      `Given input with spatial size ${pair([h, isTorch2() ? wd : h])}, kernel_size=${pair(w.kernel)}, dilation=${pair(w.dilation)}, padding=${pair(w.padding)}, calculated shape of the array of sliding blocks as ${pair([oh, ow])}, but its components must be at least one.`,
    );
  }
  return [...batch, mul(c, kh * kw), mul(oh, ow)];
}

/** col2im on a known shape. */
export function foldShape(shape: Shape, output: Dim[], w: Window): Shape {
  checkKernel(w.kernel);
  checkStride(w.stride);
  checkDilation(w.dilation);
  checkPadding(w.padding);
  const rank = shape.length;
  const ok = (rank === 2 && nonZero(shape[0]) && nonZero(shape[1])) || (rank === 3 && nonZero(shape[1]) && nonZero(shape[2]));
  if (!ok) {
    shapeError(
      "rank-mismatch",
      `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${dimList(shape)}`,
    );
  }
  const batch = rank === 3 ? [shape[0]] : [];
  const [cols, length] = shape.slice(rank - 2);
  const [kh, kw] = w.kernel;
  const k = kh * kw;
  let channels: Dim;
  if (typeof cols === "number") {
    if (cols % k !== 0) {
      shapeError(
        "shape-mismatch",
        `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${cols} and kernel_size=${pair(w.kernel)}.`,
      );
    }
    channels = cols / k;
  } else {
    const q = floorDiv(cols, k);
    if (q === undefined || knownEqual(mul(q, k), cols) !== true)
      return giveUp(`cannot tell whether ${formatDim(cols)} is divisible by ${k}`);
    channels = q;
  }
  const bh = blocks(output[0], kh, w.dilation[0], w.padding[0], w.stride[0]);
  const bw = blocks(output[1], kw, w.dilation[1], w.padding[1], w.stride[1]);
  if (bh === undefined || bw === undefined) return giveUp("the number of sliding blocks is not known");
  const total = mul(bh, bw);
  const given = `Given output_size=${pair(output)}, kernel_size=${pair(w.kernel)}, dilation=${pair(w.dilation)}, padding=${pair(w.padding)}, stride=${pair(w.stride)}`;
  if (knownEqual(length, total) === false) {
    shapeError(
      "shape-mismatch",
      `${given}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${formatDim(bh)} * ${formatDim(bw)} = ${formatDim(total)}, but got input.size(2)=${formatDim(length)}.`,
    );
  }
  if ((typeof bh === "number" && bh < 1) || (typeof bw === "number" && bw < 1)) {
    shapeError(
      "non-positive-output",
      `${given}, calculated shape of the array of sliding blocks as ${pair([bh, bw])}, which is too small (non-positive)`,
    );
  }
  if ((typeof output[0] === "number" && output[0] < 1) || (typeof output[1] === "number" && output[1] < 1)) {
    shapeError("non-positive-output", `Expected output spatial size to be positive, but got: output_size=${pair(output)}.`);
  }
  return [...batch, channels, output[0], output[1]];
}

function windowOf(args: { get(n: string): Value }): Window {
  // ATen validates the tuple lengths in this order before any value check.
  const kernel = twoInts(args.get("kernel_size"), "kernel_size");
  const dilation = twoInts(args.get("dilation"), "dilation");
  const padding = twoInts(args.get("padding"), "padding");
  const stride = twoInts(args.get("stride"), "stride");
  return { kernel, dilation, padding, stride };
}

function applyUnfold(input: TensorV, w: Window): TensorV {
  if (!input.shape) return tensor(null);
  if (input.lead) return giveUp(`unfold of a tensor with *${input.lead} leading dims`);
  return tensor(unfoldShape(input.shape, w));
}

function applyFold(input: TensorV, output: Dim[], w: Window): TensorV {
  if (!input.shape) return tensor(null);
  if (input.lead) return giveUp(`fold of a tensor with *${input.lead} leading dims`);
  return tensor(foldShape(input.shape, output, w));
}

const windowParams = [
  { name: "kernel_size" },
  { name: "dilation", default: int(1) },
  { name: "padding", default: int(0) },
  { name: "stride", default: int(1) },
];

const forwardSig: OpSignature = { params: [{ name: "input" }] };

/**
 * The module keeps its arguments as given and converts them at call time (F.unfold's _pair), so
 * argument errors surface at the call like in torch.
 */
registerLayer({
  name: "Unfold",
  signature: { params: windowParams },
  construct(a) {
    return { params: 0, config: a, attrs: Object.fromEntries(a.values) };
  },
  forward(config, call: CallArgs): Value {
    const input = toTensor(bind("Unfold.forward", forwardSig, call).get("input"), "input");
    return applyUnfold(input, windowOf(config));
  },
});

registerFunction({
  names: ["F.unfold"],
  signature: { params: [{ name: "input" }, ...windowParams] },
  call(a) {
    return applyUnfold(toTensor(a.get("input"), "input"), windowOf(a));
  },
});

function foldCall(input: TensorV, a: { get(n: string): Value }): TensorV {
  const output = twoDims(a.get("output_size"), "output_size");
  return applyFold(input, output, windowOf(a));
}

registerLayer({
  name: "Fold",
  signature: { params: [{ name: "output_size" }, ...windowParams] },
  construct(a) {
    return { params: 0, config: a, attrs: Object.fromEntries(a.values) };
  },
  forward(config, call: CallArgs): Value {
    const input = toTensor(bind("Fold.forward", forwardSig, call).get("input"), "input");
    return foldCall(input, config);
  },
});

registerFunction({
  names: ["F.fold"],
  signature: { params: [{ name: "input" }, { name: "output_size" }, ...windowParams] },
  call(a) {
    return foldCall(toTensor(a.get("input"), "input"), a);
  },
});
