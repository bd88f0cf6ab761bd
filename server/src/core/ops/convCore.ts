// The checks and output arithmetic of ATen's convolution (at::_convolution, check_shape_forward and
// the CPU transposed-conv shape check) for 1-, 2- and 3-d convolutions, shared by the nn.Conv*
// layers and the F.conv* / torch.conv* functions. Error messages follow PyTorch 1.13's wording.

import { isTorch2 } from "../torchVersion";
import { Dim, add, floorDiv, formatDim, isConcrete, mul, sub } from "../dim";
import { Fit, giveUp, shapeError } from "../errors";
import { Shape, TensorV } from "../values";
import { fmtList, lessThan, result } from "./spatialArith";

export interface ConvCall {
  /** Spatial rank: 1, 2 or 3. */
  n: number;
  transposed: boolean;
  input: Shape;
  weight: Shape;
  /** Bias shape; null when there is no bias; undefined when a bias of unknown shape is given. */
  bias: Shape | null | undefined;
  stride: number[];
  padding: number[] | "same" | "valid";
  dilation: number[];
  /** Transposed only. Entries may be symbolic when derived from a requested output_size. */
  outputPadding: Dim[];
  groups: number;
}

/** Rank check of conv1d/2d/3d's batchify: `(C, *spatial)` or `(N, C, *spatial)`. */
export function checkConvRank(op: string, n: number, input: Shape): boolean {
  if (input.length !== n + 1 && input.length !== n + 2) {
    shapeError(
      "rank-mismatch",
      `Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${op}, but got input of size: ${fmtList(input)}`,
    );
  }
  return input.length === n + 2;
}

/** at::native's expand_param_if_needed: one value broadcasts, otherwise the length must match. */
function expandParam<T>(values: T[], name: string, k: number): T[] {
  if (values.length === 1) return Array.from({ length: k }, () => values[0]);
  if (values.length !== k) {
    shapeError(
      "invalid-argument",
      `expected ${name} to be a single integer value or a list of ${k} values to match the convolution dimensions, but got ${name}=${fmtList(values as unknown as Dim[])}`,
    );
  }
  return values;
}

const AXES_2D = ["height", "width"];
const AXES_3D = ["depth", "height", "width"];

/** Runs the convolution; returns the output tensor (unbatched when the input was). */
export function convolve(c: ConvCall): TensorV {
  const op = `conv${c.transposed ? "_transpose" : ""}${c.n}d`;
  const batched = checkConvRank(op, c.n, c.input);
  let x: Shape = batched ? c.input : [1, ...c.input];
  const w = c.weight;
  const k = w.length - 2;
  if (k <= 0) giveUp("weight should have at least three dimensions");

  let padding: number[];
  let same = false;
  if (c.padding === "same") {
    if (c.transposed) giveUp("string padding for a transposed convolution");
    if (k !== c.n) giveUp("weight rank does not match the convolution");
    if (c.stride.length !== k && c.stride.length !== 1) giveUp("stride cannot broadcast");
    if (c.stride.some((s) => s !== 1)) {
      shapeError("same-padding-stride", "padding='same' is not supported for strided convolutions");
    }
    same = true;
    padding = [0];
    // An odd total padding is split unevenly: ATen pads the extra element on the right first.
    const dil = c.dilation.length === 1 ? c.dilation.map(() => c.dilation[0]) : c.dilation;
    if (dil.length === 1 || dil.length === k) {
      const ds = dil.length === 1 ? Array.from({ length: k }, () => dil[0]) : dil;
      const ws = w.slice(2);
      if (!ws.every(isConcrete)) giveUp("the kernel size is symbolic");
      x = [x[0], x[1], ...x.slice(2).map((s, i) => add(s, (ds[i] * ((ws[i] as number) - 1)) % 2))];
    }
  } else if (c.padding === "valid") {
    padding = [0];
  } else {
    padding = c.padding;
  }
  if (c.groups <= 0) shapeError("groups-divisibility", "non-positive groups is not supported");
  const stride = expandParam(c.stride, "stride", k);
  padding = expandParam(padding, "padding", k);
  const dilation = expandParam(c.dilation, "dilation", k);
  const outputPadding = c.transposed ? expandParam(c.outputPadding, "output_padding", k) : [];
  if (k !== c.n) giveUp("weight rank does not match the convolution");

  if (padding.some((p) => p < 0)) shapeError("invalid-argument", "negative padding is not supported");
  if (outputPadding.some((p) => isConcrete(p) && p < 0)) {
    shapeError("output-padding", "negative output_padding is not supported");
  }
  if (stride.some((s) => s <= 0)) shapeError("invalid-argument", "non-positive stride is not supported");

  const g = c.groups;
  const w0 = w[0];
  if (!isConcrete(w0)) giveUp("the weight's first dimension is symbolic");
  if (w0 < g) {
    shapeError(
      "groups-divisibility",
      `Given groups=${g}, expected weight to be at least ${g} at dimension 0, but got weight of size ${fmtList(w)} instead`,
    );
  }
  if (w0 % g !== 0) {
    shapeError(
      "groups-divisibility",
      `Given groups=${g}, expected weight to be divisible by ${g} at dimension 0, but got weight of size [${fmtList(w)}] instead`,
    );
  }
  const spatial = x.slice(2);
  const kernel = w.slice(2);
  if (!kernel.every(isConcrete)) giveUp("the kernel size is symbolic");
  const ks = kernel as number[];
  if (ks.some((v) => v <= 0) || dilation.some((d) => d <= 0)) giveUp("non-positive kernel size or dilation");

  if (!c.transposed) {
    const expected = mul(w[1], g);
    const eq = lessThan(x[1], expected) === false && lessThan(expected, x[1]) === false;
    if (!eq) {
      if (!isConcrete(x[1]) || !isConcrete(expected)) giveUp("the channel count is symbolic");
      shapeError(
        "channel-mismatch",
        `Given groups=${g}, weight of size ${fmtList(w)}, expected input${fmtList(x)} to have ${formatDim(expected)} channels, but got ${formatDim(x[1])} channels instead`,
        channelFit(x[1], g),
      );
    }
    checkBias(c.bias, w0, `Given weight of size ${fmtList(w)}`);
    if (same) {
      if (spatial.some((s) => isConcrete(s) && s <= 0)) giveUp("'same' padding of an empty input");
      return result([x[0], w0, ...c.input.slice(c.input.length - c.n)], batched);
    }
    const padded = spatial.map((s, i) => add(s, 2 * padding[i]));
    const eff = ks.map((kk, i) => dilation[i] * (kk - 1) + 1);
    const small = padded.map((p, i) => lessThan(p, eff[i]));
    if (small.some((s) => s === true)) {
      if (!padded.every(isConcrete)) giveUp("the input size is symbolic");
      shapeError(
        "kernel-too-large",
        `Calculated padded input size per channel: (${padded.map(formatDim).join(" x ")}). Kernel size: (${eff.join(" x ")}). Kernel size can't be greater than actual input size`,
      );
    }
    if (spatial.some((s) => s === 0)) giveUp("empty spatial input to a convolution");
    const out = spatial.map((s, i) => convOutSize(s, ks[i], stride[i], padding[i], dilation[i]));
    return result([x[0], w0, ...out], batched);
  }

  // Transposed convolution.
  const inEq = lessThan(x[1], w0) === false && lessThan(w0, x[1]) === false;
  if (!inEq) {
    if (!isConcrete(x[1])) giveUp("the channel count is symbolic");
    shapeError(
      "channel-mismatch",
      `Given transposed=1, weight of size ${fmtList(w)}, expected input${fmtList(x)} to have ${w0} channels, but got ${formatDim(x[1])} channels instead`,
      channelFit(x[1], g),
    );
  }
  const outC = mul(w[1], g);
  checkBias(c.bias, outC, `Given transposed=1, weight of size ${fmtList(w)}`);
  // CPU runs 1-d transposed convolutions as 2-d ones over a height of 1; its messages show that axis.
  const lift = <T>(xs: T[], one: T): T[] => (c.n === 1 ? [one, ...xs] : xs);
  if (outputPadding.some((op, i) => isConcrete(op) && op >= stride[i] && op >= dilation[i])) {
    const axes = c.n === 3 ? AXES_3D : AXES_2D;
    const ops = lift(outputPadding, 0 as Dim);
    const ss = lift(stride, 1);
    const ds = lift(dilation, 1);
    const part = (label: string, vals: readonly Dim[]) => vals.map((v, i) => `${label}_${axes[i]}: ${formatDim(v)}`).join(" ");
    shapeError(
      "output-padding",
      `output padding must be smaller than either stride or dilation, but got ${part("output_padding", ops)} ${part("stride", ss)} ${part("dilation", ds)}`,
    );
  }
  if (spatial.some((s) => s === 0)) giveUp("empty spatial input to a transposed convolution");
  const out = spatial.map((s, i) => transposedOutSize(s, ks[i], stride[i], padding[i], dilation[i], outputPadding[i]));
  const tooSmall = out.map((o) => lessThan(o, 1));
  if (tooSmall.some((t) => t === true)) {
    if (!out.every(isConcrete) || !spatial.every(isConcrete)) giveUp("the output size is symbolic");
    // PyTorch 2.13 returns an empty tensor or raises, depending on the CPU backend it picks.
    if (isTorch2()) giveUp("a transposed convolution whose output size is below 1 (PyTorch 2 behaves per CPU backend)");
    shapeError(
      "non-positive-output",
      `Given input size per channel: (${lift(spatial, 1 as Dim)
        .map(formatDim)
        .join(" x ")}). Calculated output size per channel: (${lift(out, 1 as Dim)
        .map(formatDim)
        .join(" x ")}). Output size is too small`,
    );
  }
  return result([x[0], outC, ...out], batched);
}

function checkBias(bias: Shape | null | undefined, n: Dim, prefix: string): void {
  if (bias === undefined) giveUp("the bias shape is not known");
  if (bias === null) return;
  if (bias.length === 1 && lessThan(bias[0], n) === false && lessThan(n, bias[0]) === false) return;
  if (bias.length === 1 && (!isConcrete(bias[0]) || !isConcrete(n))) giveUp("the bias size is symbolic");
  shapeError(
    "shape-mismatch",
    `${prefix}, expected bias to be 1-dimensional with ${formatDim(n)} elements, but got bias of size ${fmtList(bias)} instead`,
  );
}

/** ⌊(in + 2p − d·(k−1) − 1)/s⌋ + 1 */
export function convOutSize(input: Dim, k: number, s: number, p: number, d: number): Dim {
  const q = floorDiv(add(input, 2 * p - d * (k - 1) - 1), s);
  if (q === undefined) giveUp("cannot divide the size");
  return add(q, 1);
}

/** (in − 1)·s − 2p + d·(k−1) + output_padding + 1 */
export function transposedOutSize(input: Dim, k: number, s: number, p: number, d: number, op: Dim): Dim {
  return add(add(mul(sub(input, 1), s), -2 * p + d * (k - 1) + 1), op);
}

/** in_channels that would fit the incoming channels: only when groups still divide it. */
function channelFit(incoming: Dim, groups: number): Fit | undefined {
  if (typeof incoming !== "number" || incoming <= 0 || incoming % groups !== 0) return undefined;
  return { argument: "in_channels", value: incoming, reason: "incoming channel count" };
}
